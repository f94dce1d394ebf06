#!/usr/bin/env bash
# Checks every demo patient's PDF report with poppler, a reader nobody here
# wrote: it opens, page one is the letter (the patient, the addressee, the
# outcomes and the request, and nothing of the appendix), the letter fits on
# page one (page two starts the appendix), a renewal request carries the
# physician's reply block on page one, and every page is footed with the
# patient's name, date of birth and `page N of M`. With --cover, a fax
# cover sheet is page 1 of one page more: it counts every page, carries the
# confidentiality notice, names no patient (not on the page, not in its
# footer) and the letter follows on page 2. The letter is made as a
# therapist sends it by default (the request proposed from the course's
# state) and, for a course in force, with `--recommend continue`; a course
# that cannot continue (discharged, expired, used up) refuses that (exit 2).
# Needs poppler-utils (pdfinfo, pdftotext); CI installs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in pdfinfo pdftotext; do
    command -v "$tool" >/dev/null || { echo "check-reports.sh: $tool not found (install poppler-utils)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --locked --quiet
mmx=${CARGO_TARGET_DIR:-target}/debug/mmx
demo=examples/demo-practice
fail=0
bad() { echo "FAIL $1: $2" >&2; fail=1; }
for dir in "$demo"/patients/*/; do
    id=$(basename "$dir")
    pdf=$tmp/$id.pdf
    "$mmx" --dir "$demo" --today 2026-11-23 report "$id" -o "$pdf" 2>/dev/null
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') || { bad "$id" "pdfinfo cannot open the PDF"; continue; }
    [[ $pages -ge 2 ]] || bad "$id" "$pages page(s): the letter and an appendix need two at least"
    name=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$dir/patient.toml")
    born=$(sed -n 's/^birth_date = \(.*\)$/\1/p' "$dir/patient.toml")
    json=$("$mmx" --dir "$demo" --today 2026-11-23 report "$id" --format json 2>/dev/null)
    field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)" <<<"$json"; }
    prescriber=$(field '["letter"]["to"]["name"]')
    state=$(field '["letter"]["state"]')
    action=$(field '["letter"]["recommendation"]["action"]')
    one=$(pdftotext -f 1 -l 1 "$pdf" -)
    for want in "Re: $name" "$prescriber" "Outcomes" "Sincerely,"; do
        grep -qF -- "$want" <<<"$one" || bad "$id" "page 1 lacks \"$want\""
    done
    grep -qE "I propose|I recommend|Care ended with discharge" <<<"$one" || bad "$id" "page 1 asks nothing"
    if [[ $action == renew ]]; then
        grep -qF "Physician's reply" <<<"$one" || bad "$id" "a renewal request without the reply block on page 1"
    fi
    if [[ $state == active ]]; then
        "$mmx" --dir "$demo" --today 2026-11-23 report "$id" -o "$tmp/continue.pdf" --recommend continue 2>/dev/null
        grep -qF "I recommend continuing" <(pdftotext -f 1 -l 1 "$tmp/continue.pdf" -) ||
            bad "$id" "page 1 lacks \"I recommend continuing\" with --recommend continue"
    else
        set +e
        "$mmx" --dir "$demo" --today 2026-11-23 report "$id" -o "$tmp/continue.pdf" --recommend continue 2>/dev/null
        code=$?
        set -e
        [[ $code -eq 2 ]] || bad "$id" "--recommend continue on a $state course exits $code, not 2"
    fi
    grep -qF "Appendix" <<<"$one" && bad "$id" "page 1 holds part of the appendix"
    two=$(pdftotext -f 2 -l 2 "$pdf" -)
    head -1 <<<"$two" | grep -qF "Appendix: session log" || bad "$id" "the letter runs past page 1"
    for ((n = 1; n <= pages; n++)); do
        text=$(pdftotext -f "$n" -l "$n" "$pdf" -)
        grep -qF "page $n of $pages" <<<"$text" || bad "$id" "page $n has no \"page $n of $pages\""
        grep -qF "$name, born $born" <<<"$text" || bad "$id" "page $n has no footer with the patient"
    done
    cover=$tmp/$id-cover.pdf
    "$mmx" --dir "$demo" --today 2026-11-23 report "$id" -o "$cover" --cover 2>/dev/null
    all=$(pdfinfo "$cover" | awk '/^Pages:/ {print $2}')
    [[ $all -eq $((pages + 1)) ]] || bad "$id" "with --cover, $all pages, not $((pages + 1))"
    sheet=$(pdftotext -f 1 -l 1 "$cover" -)
    for want in "FAX" "$all, this cover included" "CONFIDENTIALITY NOTICE" "Fax cover sheet" "page 1 of $all"; do
        grep -qF -- "$want" <<<"$sheet" || bad "$id" "the cover lacks \"$want\""
    done
    for never in "$name" "$born"; do
        grep -qF -- "$never" <<<"$sheet" && bad "$id" "the cover shows \"$never\""
    done
    grep -qF "Re: $name" <(pdftotext -f 2 -l 2 "$cover" -) || bad "$id" "the letter is not page 2 after the cover"
    echo "ok $id: $pages pages, $all with a cover"
done
exit $fail
