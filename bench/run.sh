#!/usr/bin/env bash
# The performance benchmark of docs/performance.md: builds mmx in release,
# generates 1k-, 10k- and 100k-session practices (examples/synth), checks
# that `mmx check` finds exactly the injected violations, then times `mmx
# check` and `mmx expiring` side by side with the floor of reading every file
# (`find | xargs cat`) and a plain Python tomllib script, and the per-patient
# commands on the 100k practice against a 100-session one, and (bench/git.sh)
# a one-record commit with the pre-commit hook against `--no-verify` at each
# size and a push to a bare remote with the pre-receive hook, and the PDF
# report of a session whose assessment is one word of 1 MiB. Prints the tables
# and writes them into docs/performance.md. Exit status 1 if a target is missed.
#
# Also a practice of 20,000 patients (40,000 sessions) for the hooks: a
# one-record commit, and a push of 10,000 new patients.
#
# Usage: bench/run.sh          (about 30 minutes; needs ~4 GB of disk)
#   MMX_BENCH_DIR=/tmp/x bench/run.sh   to generate the practices elsewhere
#                                       (default bench/target, git-ignored)
# Installs hyperfine and GNU time with apt-get if they are missing.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
work=${MMX_BENCH_DIR:-$repo/bench/target}
export MMX_TODAY=2026-11-23 NO_COLOR=1
unset MMX_DIR

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
    sudo=
    [[ $(id -u) == 0 ]] || sudo=sudo
    echo "installing ${need[*]}" >&2
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c 'import tomllib' 2>/dev/null || {
    echo "bench/run.sh needs Python 3.11 or later (tomllib)" >&2
    exit 2
}

cargo build --release --locked --quiet --bin mmx --example synth
mmx=$repo/target/release/mmx
synth=$repo/target/release/examples/synth

rm -rf "$work"
mkdir -p "$work"
declare -A sessions=([1k]=1000 [10k]=10000 [100k]=100000)
declare -A patients=([1k]=20 [10k]=200 [100k]=2000)
declare -A violations=([1k]=20 [10k]=40 [100k]=40)
declare -A runs=([1k]=10 [10k]=10 [100k]=5)
verified=()
# 20kp: a clinic of 20,000 patients (40,000 sessions), for the git hooks,
# whose cost once grew with the number of patients.
sessions[20kp]=40000
patients[20kp]=20000
violations[20kp]=40
for size in 1k 10k 100k 20kp; do
    "$synth" --patients "${patients[$size]}" --sessions "${sessions[$size]}" \
        --seed 1 --violations "${violations[$size]}" "$work/p$size"
    "$mmx" --dir "$work/p$size" check --format json >"$work/check-$size.json" || true
    verified+=("$(python3 bench/verify.py "$work/p$size" "$work/check-$size.json")")
    echo "${verified[-1]}"
done
# 10,000 more patients, none of them already in the 20kp practice, for a
# push that brings them all at once (bench/git.sh).
"$synth" --patients 13000 --sessions 13000 --seed 7 "$work/pnew" >/dev/null
comm -13 <(ls "$work/p20kp/patients") <(ls "$work/pnew/patients") | sed -n 1,10000p >"$work/new-ids.txt"
[[ $(wc -l <"$work/new-ids.txt") == 10000 ]] || {
    echo "bench/run.sh: fewer than 10,000 new patient ids" >&2
    exit 2
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cat_cmd() { echo "find $1 -name '*.toml' -print0 | xargs -0 cat > /dev/null"; }
for size in 1k 10k 100k; do
    p=$work/p$size
    echo "== $size sessions: timing" >&2
    hyperfine --style basic --ignore-failure --warmup 1 --runs "${runs[$size]}" \
        --export-json "$work/hyperfine-$size.json" \
        -n cat "$(cat_cmd "$p")" \
        -n python "python3 $repo/bench/parse_all.py $p" \
        -n check "$mmx --dir $p check --format json" \
        -n expiring "$mmx --dir $p expiring" >&2
    for name in cat python check expiring; do
        case $name in
            cat) cmd=(sh -c "$(cat_cmd "$p")") ;;
            python) cmd=(python3 "$repo/bench/parse_all.py" "$p") ;;
            check) cmd=("$mmx" --dir "$p" check --format json) ;;
            expiring) cmd=("$mmx" --dir "$p" expiring) ;;
        esac
        /usr/bin/time -v "${cmd[@]}" 2>"$work/time.txt" >/dev/null || true
        sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt" \
            >"$work/mem-$size-$name.txt"
    done
done

# Per-patient commands: one patient's folder, in the 100k practice and in a
# practice of just that patient and one other (about 100 sessions).
read -r patient other rx patient_sessions small_sessions \
    < <(python3 bench/pick_patient.py "$work/p100k")
small=$work/psmall
mkdir -p "$small/patients"
cp "$work/p100k/mmx.toml" "$small/"
cp -r "$work/p100k/patients/$patient" "$work/p100k/patients/$other" "$small/patients/"
touch "$work/marker"
sleep 0.01
# Each `session add` writes a file; the prepare step removes the ones added
# since the marker, so every run sees the same folder.
unadd() { echo "find $1/patients/$patient/sessions -newer $work/marker -name '*.toml' -delete"; }
add() { echo "$mmx --dir $1 session add --patient $patient --rx $rx --date $MMX_TODAY --status cancelled"; }
echo "== per-patient commands ($patient)" >&2
# Milliseconds each: run without a shell in between, and many times.
hyperfine --style basic --shell=none --warmup 5 --runs 100 \
    --export-json "$work/hyperfine-patient.json" \
    --prepare true --prepare true --prepare true --prepare true \
    --prepare "$(unadd "$small")" --prepare "$(unadd "$work/p100k")" \
    -n report-small "$mmx --dir $small report $patient --format md" \
    -n report-100k "$mmx --dir $work/p100k report $patient --format md" \
    -n show-small "$mmx --dir $small patient show $patient" \
    -n show-100k "$mmx --dir $work/p100k patient show $patient" \
    -n add-small "$(add "$small")" \
    -n add-100k "$(add "$work/p100k")" >&2
eval "$(unadd "$small")"
eval "$(unadd "$work/p100k")"

# The PDF report of a session whose assessment is one word as long as a
# record may hold (just under 1 MiB): the line flow breaks it into lines in
# linear time (it was cubic: 35 s for 4,000 characters).
long=$work/plong
"$mmx" init "$long" --name "Long Word Massage" --therapist "Ines Ortega" >/dev/null 2>&1
long_patient=$("$mmx" --dir "$long" patient add --name "Ana Lima" --birth-date 1980-04-12)
"$mmx" --dir "$long" rx add --patient "$long_patient" --issued 2026-11-02 --expires 2027-02-01 \
    --visits 3 --region lumbar --technique swedish --prescriber "Dr. Ada Vance" >/dev/null
long_session=$("$mmx" --dir "$long" session add --patient "$long_patient" --date 2026-11-04 \
    --minutes 50 --region lumbar --technique swedish --assessment PLACEHOLDER)
python3 - "$long/patients/$long_patient/sessions/$long_session.toml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
open(path, "w").write(text.replace("PLACEHOLDER", "x" * (1_040_000 - len(text))))
PY
echo "== PDF report with a 1 MiB word" >&2
hyperfine --style basic --shell=none --warmup 1 --runs 10 \
    --export-json "$work/hyperfine-pdf.json" \
    -n report-pdf-long "$mmx --dir $long report $long_patient -o $work/long.pdf" >&2

bench/git.sh "$work" "$mmx"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

printf '%s\n' "${verified[@]}" >"$work/verified.txt"
python3 - "$work" "$repo" "$load_before" "$load_after" "$patient_sessions" "$small_sessions" <<'PY'
import datetime, json, os, subprocess, sys
work, repo, load_before, load_after, patient_sessions, small_sessions = sys.argv[1:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
git = lambda *a: subprocess.run(["git", "-C", repo, *a], capture_output=True, text=True)
commit = git("rev-parse", "--short", "HEAD").stdout.strip()
# Changed files other than this report (which the previous run rewrote).
if git("diff", "--quiet", "HEAD", "--", ".", ":!docs/performance.md").returncode:
    commit += " with uncommitted changes"
json.dump({
    "date": datetime.date.today().isoformat(),
    "cpu": cpu,
    "cores": os.cpu_count(),
    "commit": commit or "unknown",
    "load_before": load_before,
    "load_after": load_after,
    "sizes": {"1k": "1,000", "10k": "10,000", "100k": "100,000"},
    "patient_sessions": int(patient_sessions),
    "small_sessions": int(small_sessions),
    "violations": open(os.path.join(work, "verified.txt")).read().splitlines(),
}, open(os.path.join(work, "meta.json"), "w"), indent=1)
PY
python3 bench/report.py "$work" docs/performance.md
