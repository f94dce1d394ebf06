#!/usr/bin/env bash
# The git part of the benchmark (run by bench/run.sh after the practices are
# generated; runs alone on practices it generated before): makes each
# practice a repository with mmx's hooks, then times, in the same hyperfine
# run, a commit of one changed record with the pre-commit hook and with
# `--no-verify`; and, on the 100k practice, a push of one new session to a
# bare remote with mmx's pre-receive hook and to one without. Also times
# each once with the findings cache removed (the first commit of a day, or
# after mmx is rebuilt). Writes hyperfine-git-*.json and git-cold-*.txt.
#
# On the practice of 20,000 patients (20kp), the same commit, and a push of
# 10,000 new patients at once (WORK_DIR/pnew, the ids in new-ids.txt) to a
# bare remote with the pre-receive hook and to one without; each run sets
# both remotes back to where they were, so each receives the whole push.
#
# Usage: bench/git.sh WORK_DIR MMX
set -euo pipefail
work=$1
mmx=$2
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export GIT_AUTHOR_NAME="Front Desk" GIT_AUTHOR_EMAIL=desk@example.com
export GIT_COMMITTER_NAME="Front Desk" GIT_COMMITTER_EMAIL=desk@example.com
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
# The hooks find mmx on PATH, as a clinic's would.
export PATH="$(dirname "$mmx"):$PATH"

cold() { # NAME COMMAND...: one run's wall time, in seconds
    local name=$1
    shift
    /usr/bin/time -f %e -o "$work/git-cold-$name.txt" "$@" >/dev/null 2>&1 || true
}

for size in 1k 10k 100k 20kp; do
    p=$work/p$size
    echo "== $size sessions: git commit" >&2
    rm -rf "$p/.git"
    (cd "$p" && "$mmx" init . --git >/dev/null 2>&1)
    # No gc in the background while timing; one, in the foreground, now.
    git -C "$p" config gc.auto 0
    git -C "$p" add -A
    git -C "$p" commit -q --no-verify -m "the practice"
    # Packed, as a clone's objects are.
    git -C "$p" gc -q
    read -r patient _ < <(python3 "$repo/bench/pick_patient.py" "$p")
    file=$p/patients/$patient/patient.toml
    change="echo '# reviewed' >> $file && git -C $p add $file"
    rm -f "$p/.git/mmx/findings-cache"
    eval "$change"
    cold "commit-$size" git -C "$p" commit -q -m "cold"
    hyperfine --style basic --warmup 2 --runs 10 --prepare "$change" \
        --export-json "$work/hyperfine-git-$size.json" \
        -n no-verify "git -C $p commit -q --no-verify -m bench" \
        -n hook "git -C $p commit -q -m bench" >&2
done

echo "== 100k sessions: git push" >&2
p=$work/p100k
read -r patient _ rx _ < <(python3 "$repo/bench/pick_patient.py" "$p")
rm -rf "$work/remote.git" "$work/plain.git" "$work/clone"
git clone -q --bare "$p" "$work/remote.git"
git clone -q --bare "$p" "$work/plain.git"
"$mmx" hook install "$work/remote.git" >/dev/null 2>&1
git -C "$work/plain.git" config receive.denyNonFastForwards true
git clone -q "$work/remote.git" "$work/clone"
git -C "$work/clone" remote add plain "$work/plain.git"
visit="$mmx --dir $work/clone session add --patient $patient --rx $rx --date $MMX_TODAY --status cancelled >/dev/null && git -C $work/clone add -A && git -C $work/clone commit -q --no-verify -m visit"
# Both remotes start level with the clone.
eval "$visit"
git -C "$work/clone" push -q plain HEAD
rm -f "$work/remote.git/mmx/findings-cache"
cold "push-100k" git -C "$work/clone" push -q origin HEAD
hyperfine --style basic --warmup 2 --runs 10 \
    --export-json "$work/hyperfine-git-push.json" \
    -n plain --prepare "$visit" "git -C $work/clone push -q plain HEAD" \
    -n hook --prepare "$visit" "git -C $work/clone push -q origin HEAD" >&2

echo "== 20,000 patients: a push of 10,000 new patients" >&2
p=$work/p20kp
rm -rf "$work/remote20k.git" "$work/plain20k.git" "$work/clone20k"
git clone -q --bare "$p" "$work/remote20k.git"
git clone -q --bare "$p" "$work/plain20k.git"
"$mmx" hook install "$work/remote20k.git" >/dev/null 2>&1
git -C "$work/plain20k.git" config receive.denyNonFastForwards true
git -C "$work/plain20k.git" config receive.fsckObjects true
git clone -q "$work/remote20k.git" "$work/clone20k"
git -C "$work/clone20k" config gc.auto 0
git -C "$work/clone20k" remote add plain "$work/plain20k.git"
(cd "$work/pnew/patients" && xargs cp -r -t "$work/clone20k/patients" <"$work/new-ids.txt")
git -C "$work/clone20k" add -A
git -C "$work/clone20k" commit -q --no-verify -m "10,000 new patients"
branch=$(git -C "$work/clone20k" symbolic-ref --short HEAD)
before=$(git -C "$work/remote20k.git" rev-parse "refs/heads/$branch")
back="git -C $work/remote20k.git update-ref refs/heads/$branch $before && git -C $work/plain20k.git update-ref refs/heads/$branch $before"
rm -f "$work/remote20k.git/mmx/findings-cache"
cold "push-new-20kp" git -C "$work/clone20k" push -q origin HEAD
eval "$back"
hyperfine --style basic --warmup 0 --runs 3 \
    --export-json "$work/hyperfine-git-push-new.json" \
    -n plain --prepare "$back" "git -C $work/clone20k push -q plain HEAD" \
    -n hook --prepare "$back" "git -C $work/clone20k push -q origin HEAD" >&2
