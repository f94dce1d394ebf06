#!/usr/bin/env bash
# Prints every demo patient's HTML letter with headless Chromium, as a
# therapist's browser would, and reads the PDF back with poppler (pdfinfo,
# pdftotext -bbox): the page is US Letter or A4; page one holds the letter
# to its end (the request, the signature and, for a renewal request, the
# physician's reply block) and nothing of the appendix; nothing was shrunk
# to fit (Chromium scales a page down when anything is wider than it: the
# distance between the lines of page one's paragraphs must be the one the
# letter's CSS sets, font size times line height); and nothing was cut off
# (no word past the page's right margin, and the latest value of every
# measure is printed in the appendix's measures table). With --cover, the
# fax cover sheet is printed page 1: the browser's count of the pages at
# its top is the PDF's, it names no patient (nor its footer), and the
# letter starts page 2.
# Needs chromium (or CHROMIUM=path) and poppler-utils; CI installs both.
set -euo pipefail
cd "$(dirname "$0")/../.."
chromium=${CHROMIUM:-}
if [[ -z $chromium ]]; then
    for c in chromium chromium-browser google-chrome; do
        command -v "$c" >/dev/null && { chromium=$c; break; }
    done
fi
[[ -n $chromium ]] || { echo "check-print.sh: chromium not found (apt-get install chromium, or set CHROMIUM)" >&2; exit 2; }
for tool in pdfinfo pdftotext python3; do
    command -v "$tool" >/dev/null || { echo "check-print.sh: $tool not found" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --locked --quiet
mmx=$PWD/${CARGO_TARGET_DIR:-target}/debug/mmx
demo=examples/demo-practice
fail=0
bad() { echo "FAIL $1: $2" >&2; fail=1; }
for dir in "$demo"/patients/*/; do
    id=$(basename "$dir")
    html=$tmp/$id.html
    pdf=$tmp/$id.pdf
    "$mmx" --dir "$demo" --today 2026-11-23 report "$id" -o "$html" 2>/dev/null
    "$mmx" --dir "$demo" --today 2026-11-23 report "$id" --format json >"$tmp/$id.json" 2>/dev/null
    # A profile of its own: nothing read from or left in the user's.
    "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$tmp/profile" --no-pdf-header-footer \
        --print-to-pdf="$pdf" "file://$html" >/dev/null 2>&1 ||
        { bad "$id" "chromium did not print the page"; continue; }
    [[ -s $pdf ]] || { bad "$id" "chromium wrote no PDF"; continue; }
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    pdftotext -bbox "$pdf" "$tmp/$id.bbox.html"
    for ((n = 1; n <= pages; n++)); do
        pdftotext -f "$n" -l "$n" "$pdf" "$tmp/$id.page$n.txt"
    done
    if ! out=$(python3 - "$html" "$tmp/$id.json" "$tmp/$id.bbox.html" "$tmp/$id" "$pages" <<'PY'
import json, re, sys
html_path, json_path, bbox_path, stem, pages = sys.argv[1:6]
pages = int(pages)
problems = []
html = open(html_path, encoding="utf-8").read()
report = json.load(open(json_path, encoding="utf-8"))
letter = report["letter"]

# The page's margin, the body's width and padding, as the CSS sets them.
margin = re.search(r"@page \{ margin: ([0-9.]+)mm; \}", html)
body = re.search(r"body \{[^}]*max-width: ([0-9.]+)mm;[^}]*padding: ([0-9.]+)px;", html)
if not (margin and body):
    print("the HTML's CSS has no `@page { margin: Nmm; }` or `body { max-width: Nmm; padding: Npx; }` to measure against")
    sys.exit(1)
mm = 72 / 25.4
margin, max_width, padding = float(margin.group(1)) * mm, float(body.group(1)) * mm, float(body.group(2)) * 0.75

bbox = open(bbox_path, encoding="utf-8").read()
sizes = []
words = []  # (page, xMin, yMin, xMax, yMax, text)
for n, page in enumerate(re.findall(r"<page (.*?)</page>", bbox, re.S), start=1):
    w = float(re.search(r'width="([0-9.]+)"', page).group(1))
    h = float(re.search(r'height="([0-9.]+)"', page).group(1))
    sizes.append((w, h))
    for m in re.finditer(r'<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">(.*?)</word>', page):
        words.append((n, *map(float, m.groups()[:4]), m.group(5)))

for n, (w, h) in enumerate(sizes, start=1):
    letter_size = abs(w - 612) < 1 and abs(h - 792) < 1
    a4 = abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5
    if not (letter_size or a4):
        problems.append(f"page {n} is {w} x {h} pt, neither US Letter nor A4")

# Nothing shrunk: page one's text spans the body's whole width, from the
# letterhead at its left to the date set flush with its right, and that
# width is the CSS's (the body's width within the margins, less its
# padding). Chromium's shrink-to-fit narrows it with everything else (to
# 0.65 to 0.7 of it when a table was too wide), and its glyphs with it.
# (The footer, in the page's bottom margin, is not the body's.)
one_words = [(x0, x1) for (n, x0, y0, x1, y1, t) in words if n == 1 and y1 < sizes[0][1] - margin]
if not one_words:
    problems.append("page one has no text")
else:
    page_w = sizes[0][0]
    want = min(max_width, page_w - 2 * margin) - 2 * padding
    got = max(x1 for (x0, x1) in one_words) - min(x0 for (x0, x1) in one_words)
    if abs(got - want) > 1.5:
        problems.append(
            f"page one's text is {got:.1f} pt wide, not the {want:.1f} pt its CSS sets: "
            f"the page was scaled by {got / want:.2f}"
        )
    scale = got / want

# Nothing cut off: no word past the right margin (12 mm) of its page.
for (n, x0, y0, x1, y1, t) in words:
    w = sizes[n - 1][0]
    if x1 > w - 12 * 72 / 25.4 + 1:
        problems.append(f"page {n}: {t!r} runs past the right margin (to {x1:.0f} of {w:.0f} pt)")
        break

# Every measure's latest value is printed in the measures table
# (`MM-DD VALUE`, the last of its row).
def number(v):
    return str(int(v)) if float(v).is_integer() else repr(float(v)).rstrip("0")
tokens = [t for (*_, t) in words]
pairs = set(zip(tokens, tokens[1:]))
for m in report["measures"]:
    last = m["points"][-1]
    date = last["date"][5:]
    value = number(last["value"])
    if (date, value) not in pairs and (date, value + ",") not in pairs:
        problems.append(f"the measures table does not show {m['label']}'s latest value ({date} {value})")

# Page one holds the letter to its end, and the appendix starts after it.
one = open(f"{stem}.page1.txt", encoding="utf-8").read()
flat = " ".join(one.split())
for want in [f"Re: {report['patient']['name']}", "Sincerely,", letter["signature"]["name"]]:
    if want not in flat:
        problems.append(f"page one lacks {want!r}")
if not re.search(r"I propose|I recommend|Care ended with discharge", flat):
    problems.append("page one asks nothing")
if letter["recommendation"]["action"] == "renew":
    for want in ["Physician's reply", "Declined", "Signature"]:
        if want not in flat:
            problems.append(f"a renewal request without {want!r} on page one")
if "Appendix" in flat:
    problems.append("page one holds part of the appendix")
if pages > 1:
    two = open(f"{stem}.page2.txt", encoding="utf-8").read()
    if not two.lstrip().startswith("Appendix: session log"):
        problems.append("the letter runs past page one")
print("\n".join(problems) if problems else f"{pages} pages, page one {got:.1f} pt wide (scale {scale:.3f})")
sys.exit(1 if problems else 0)
PY
    ); then
        while IFS= read -r line; do bad "$id" "$line"; done <<<"$out"
    else
        echo "ok $id: $out"
    fi
    "$mmx" --dir "$demo" --today 2026-11-23 report "$id" -o "$tmp/$id-cover.html" --cover 2>/dev/null
    "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$tmp/profile" --no-pdf-header-footer \
        --print-to-pdf="$tmp/$id-cover.pdf" "file://$tmp/$id-cover.html" >/dev/null 2>&1 ||
        { bad "$id" "chromium did not print the page with a cover"; continue; }
    all=$(pdfinfo "$tmp/$id-cover.pdf" | awk '/^Pages:/ {print $2}')
    sheet=$(pdftotext -f 1 -l 1 "$tmp/$id-cover.pdf" - | tr -s ' \n' ' ')
    for want in "FAX" "Pages: $all, this cover included" "CONFIDENTIALITY NOTICE" "Fax cover sheet" "page 1 of $all"; do
        grep -qF -- "$want" <<<"$sheet" || bad "$id" "the printed cover lacks \"$want\""
    done
    name=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['patient']['name'])" "$tmp/$id.json")
    grep -qF -- "$name" <<<"$sheet" && bad "$id" "the printed cover names the patient"
    grep -qF "Re: $name" <(pdftotext -f 2 -l 2 "$tmp/$id-cover.pdf" -) || bad "$id" "the letter is not page 2 after the printed cover"
    echo "ok $id: $all pages printed with a cover"
done
exit $fail
