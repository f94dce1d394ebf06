#!/usr/bin/env bash
# Generates examples/demo-practice/, a fictional practice for trying mmx.
#
# Every record is written through the mmx CLI, so each session is checked
# against its prescription exactly as in daily use; nothing here writes TOML
# by hand. Everyone in it is invented: names, doctors, NPIs, 555-01xx phone
# numbers and example.com addresses.
#
# Usage (from anywhere):
#   examples/make-demo.sh                  # uses target/debug/mmx
#   MMX=path/to/mmx examples/make-demo.sh
#   MMX_TODAY=2026-11-23 examples/make-demo.sh
#
# The folder is deleted and recreated. Ids are fixed (prescriptions
# ISSUED-WORD, sessions DATE-HHMM or DATE-STATUS) so that running the script
# again gives the same files. Take `today` as 2026-11-23 when exploring:
#   mmx --dir examples/demo-practice --today 2026-11-23 check

set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# $MMX: the mmx binary; default target/debug/mmx in this repository. A
# relative path is taken from the folder the script is run in.
if [[ -z ${MMX:-} ]]; then
    MMX=$repo/target/debug/mmx
elif [[ $MMX != /* && $MMX == */* ]]; then
    MMX=$PWD/$MMX
elif [[ $MMX != /* ]]; then
    MMX=$(command -v "$MMX" || echo "$MMX")
fi
cd "$repo"
if [[ ! -x $MMX ]]; then
    echo "make-demo.sh: no mmx binary at $MMX (run \`cargo build\`, or set MMX)" >&2
    exit 2
fi

TODAY=${MMX_TODAY:-2026-11-23}
DIR=examples/demo-practice

mmx() { "$MMX" --dir "$DIR" --today "$TODAY" --color never "$@"; }

# --- Outcome measures and targets (issue 12) --------------------------------
# What each visit measured, as `--measure` flags (`|` between them), keyed by
# "PATIENT DATE"; `visit` adds them. The targets are set with `rx edit
# --target` after the visits (at the end). Values follow the SOAP notes.
declare -A MEASURES=(
    ["jose-nunez-1975 2026-06-02"]="rom:left-hip:straight-leg-raise=50|odi=44|psfs:Sit 60 minutes at work=3"
    ["jose-nunez-1975 2026-06-12"]="rom:left-hip:straight-leg-raise=65|odi=34"
    ["jose-nunez-1975 2026-06-26"]="rom:left-hip:straight-leg-raise=75|odi=22|psfs:Sit 60 minutes at work=6"
    ["jose-nunez-1975 2026-07-07"]="odi=18"
    ["jose-nunez-1975 2026-08-21"]="rom:left-hip:straight-leg-raise=55|odi=40|psfs:Sit 60 minutes at work=3"
    ["jose-nunez-1975 2026-08-28"]="rom:left-hip:straight-leg-raise=60"
    ["jose-nunez-1975 2026-09-18"]="rom:left-hip:straight-leg-raise=65|odi=30"
    ["jose-nunez-1975 2026-10-16"]="rom:left-hip:straight-leg-raise=72|odi=22|psfs:Sit 60 minutes at work=6"
    ["jose-nunez-1975 2026-11-13"]="rom:left-hip:straight-leg-raise=78|odi=16|psfs:Sit 60 minutes at work=8"
    ["winifred-pemberton-lark-1988 2026-06-08"]="rom:cervical:left-rotation=45|rom:cervical:right-rotation=50|ndi=26"
    ["winifred-pemberton-lark-1988 2026-06-18"]="rom:cervical:left-rotation=55|rom:cervical:right-rotation=58|ndi=20"
    ["winifred-pemberton-lark-1988 2026-06-29"]="rom:cervical:left-rotation=62|rom:cervical:right-rotation=64|ndi=14"
    ["winifred-pemberton-lark-1988 2026-07-09"]="rom:cervical:left-rotation=68|rom:cervical:right-rotation=70|ndi=10"
    ["winifred-pemberton-lark-1988 2026-07-20"]="rom:cervical:left-rotation=72|rom:cervical:right-rotation=72|ndi=6"
    ["tobias-marchetti-wren-1992 2026-09-08"]="mouth-opening=28|psfs:Eat a sandwich=3"
    ["tobias-marchetti-wren-1992 2026-09-22"]="mouth-opening=33"
    ["tobias-marchetti-wren-1992 2026-10-13"]="mouth-opening=37|psfs:Eat a sandwich=5"
    ["tobias-marchetti-wren-1992 2026-11-10"]="mouth-opening=41|psfs:Eat a sandwich=7"
    ["delphine-abernathy-cho-1969 2026-06-17"]="grip-strength:left-hand=18|grip-strength:right-hand=28|quickdash=45"
    ["delphine-abernathy-cho-1969 2026-07-22"]="grip-strength:left-hand=21|quickdash=36"
    ["delphine-abernathy-cho-1969 2026-09-16"]="grip-strength:left-hand=20|quickdash=40"
    ["delphine-abernathy-cho-1969 2026-10-14"]="grip-strength:left-hand=23|quickdash=27"
    ["delphine-abernathy-cho-1969 2026-11-18"]="grip-strength:left-hand=25.5|quickdash=18"
    ["augustin-pellworth-1981 2026-10-07"]="lefs=42|psfs:Run 5 km=1"
    ["augustin-pellworth-1981 2026-10-21"]="lefs=52|psfs:Run 5 km=3"
    ["augustin-pellworth-1981 2026-11-11"]="lefs=64|psfs:Run 5 km=6"
    ["marisol-quinones-hartley-1964 2026-07-08"]="circumference:left-upper-arm=31.5|circumference:right-upper-arm=27.9|rom:left-shoulder:flexion=130|quickdash=52"
    ["marisol-quinones-hartley-1964 2026-07-29"]="circumference:left-upper-arm=30.6"
    ["marisol-quinones-hartley-1964 2026-08-12"]="rom:left-shoulder:flexion=142"
    ["marisol-quinones-hartley-1964 2026-08-26"]="circumference:left-upper-arm=30.1|quickdash=38"
    ["marisol-quinones-hartley-1964 2026-09-23"]="circumference:left-upper-arm=29.9|rom:left-shoulder:flexion=152"
    ["marisol-quinones-hartley-1964 2026-11-18"]="circumference:left-upper-arm=29.6|rom:left-shoulder:flexion=160|quickdash=25"
)
# --- end of outcome measures ------------------------------------------------

# visit PATIENT DATE START MINUTES "REGIONS" "TECHNIQUES" PAIN_BEFORE PAIN_AFTER \
#       SUBJECTIVE OBJECTIVE ASSESSMENT PLAN [more mmx flags, e.g. --rx ID]
# (Augustin's and Winifred's visits give a home programme with --home-care and
# hear how the last was followed with --adherence.)
# Records one completed session with id DATE-HHMM.
visit() {
    local patient=$1 date=$2 start=$3 minutes=$4 regions=$5 techniques=$6
    local before=$7 after=$8 s=$9 o=${10} a=${11} p=${12}
    shift 12
    local args=() r t
    for r in $regions; do args+=(--region "$r"); done
    for t in $techniques; do args+=(--technique "$t"); done
    local m measures=${MEASURES["$patient $date"]:-}   # outcome measures (issue 12)
    if [[ -n $measures ]]; then
        IFS='|' read -ra m <<<"$measures"
        for r in "${m[@]}"; do args+=(--measure "$r"); done
    fi
    mmx session add --patient "$patient" --id "$date-${start/:/}" \
        --date "$date" --start "$start" --minutes "$minutes" "${args[@]}" \
        --pain-before "$before" --pain-after "$after" \
        --subjective "$s" --objective "$o" --assessment "$a" --plan "$p" "$@" >/dev/null
}

# missed PATIENT DATE STATUS START [note flags, e.g. --subjective TEXT]
# Records a cancelled or no-show appointment with id DATE-STATUS.
missed() {
    local patient=$1 date=$2 status=$3 start=$4
    shift 4
    mmx session add --patient "$patient" --id "$date-$status" --date "$date" \
        --status "$status" --start "$start" "$@" >/dev/null
}

rm -rf "$DIR"
# The practice is in Chicago, whatever zone this computer is in: init writes
# TZ's zone as `[practice] time_zone`.
TZ=America/Chicago mmx init "$DIR" --name "Lakeside Medical Massage" --therapist "Rowan Ashgrove, LMT" \
    --address "200 Harbour Road, Suite 4, Lakeside, WA 98000" --phone 555-0190 --fax 555-0191 \
    --consent per-course >/dev/null

# Prescribers (all invented). NPIs are 10 digits whose last digit is the Luhn
# check digit computed over "80840" + the first nine digits:
#   Dr. Harriet Quillfeather, MD      1234567893   (the textbook example)
#   Dr. Ignatius Brackenridge, DO     1047293851
#   Dr. Sunniva Okafor-Lindqvist, DDS 1582037465
#   Dr. Leopold Farnsworth-Ibe, MD    1694820378
#   Dr. Rosalind Achterberg, DPM      1428571396
#   Dr. Cassius Umberfield, MD        1928374655
# Checked with:
#   python3 -c 'import sys; s="80840"+sys.argv[1]; print((10-sum(
#     (2*int(c)-9*(2*int(c)>9)) if i%2==0 else int(c)
#     for i,c in enumerate(reversed(s)))%10)%10)' 123456789    # prints 3

# ---------------------------------------------------------------------------
# Patients
# ---------------------------------------------------------------------------

jose=$(mmx patient add --name "José Núñez" --birth-date 1975-03-14 --gender male \
    --phone 555-0101 --email jose.nunez@example.com \
    --address "41 Heron Lane, Lakeside" \
    --emergency-contact "Lucía Núñez (spouse), 555-0111" \
    --notes "Office worker, plays recreational soccer on Sundays. Prefers evening appointments.")

winifred=$(mmx patient add --name "Winifred Pemberton-Lark" --birth-date 1988-09-02 --gender female \
    --phone 555-0102 --email winifred.pemberton-lark@example.com \
    --address "7 Birchwood Court, Lakeside" \
    --emergency-contact "Oswin Lark (brother), 555-0112" \
    --notes "Rear-end car collision on 2026-05-26. Lunchtime appointments.")

tobias=$(mmx patient add --name "Tobias Marchetti-Wren" --birth-date 1992-01-19 --gender male \
    --phone 555-0103 --email tobias.marchetti-wren@example.com \
    --address "210 Quarry Road, Apt 3B, Lakeside" \
    --emergency-contact "Ines Marchetti (mother), 555-0113" \
    --contraindication "No intraoral work (not prescribed; patient declines)" \
    --notes "Wears a night guard since August. Early-morning appointments before work.")

delphine=$(mmx patient add --name "Delphine Abernathy-Cho" --birth-date 1969-11-30 --gender female \
    --phone 555-0104 --email delphine.abernathy-cho@example.com \
    --address "88 Lantern Street, Lakeside" \
    --emergency-contact "Marcus Cho (husband), 555-0114" \
    --notes "Legal secretary, long keyboard days. Wears a left wrist splint at night.")

augustin=$(mmx patient add --name "Augustin Pellworth" --birth-date 1981-05-07 \
    --phone 555-0105 --email augustin.pellworth@example.com \
    --address "3 Saltmarsh Way, Lakeside" \
    --emergency-contact "Greta Pellworth (partner), 555-0115" \
    --notes "Recreational runner, stopped running in August because of heel pain.")

marisol=$(mmx patient add --name "Marisol Quiñones-Hartley" --birth-date 1964-07-22 --gender female \
    --phone 555-0106 --email marisol.quinones-hartley@example.com \
    --address "15 Orchard Bend, Lakeside" \
    --emergency-contact "Beatriz Quiñones (sister), 555-0116" \
    --contraindication "Left arm: no blood pressure cuff, injections or heat" \
    --contraindication "Stop and refer if the left arm is red, hot or suddenly more swollen" \
    --notes "Left mastectomy with axillary node removal in March 2026; radiation completed May 2026. Wears a compression sleeve by day.")

# Standing contraindications as vocabulary: no session of hers may use heat
# (the rules check this; the free-text contraindications say why).
mmx patient edit "$marisol" --avoid-technique hot-cold-pack >/dev/null

# ---------------------------------------------------------------------------
# Prescriptions
# ---------------------------------------------------------------------------

# José: left-sided sciatica. The first prescription is used up by July;
# a flare in August brings a renewal (`--renews`: one course of care in
# expiring, the report and the FHIR export), issued while the first is still
# in force (until 08-31), so sessions in late August name --rx.
mmx rx add --patient "$jose" --id 2026-06-01-sciatica \
    --issued 2026-06-01 --expires 2026-08-31 --visits 8 \
    --region back --region left-gluteal --region left-thigh \
    --technique swedish --technique myofascial-release --technique trigger-point --technique stretching \
    --prescriber "Dr. Harriet Quillfeather, MD" --npi 1234567893 --prescriber-phone 555-0142 \
    --diagnosis "M54.16=Radiculopathy, lumbar region" \
    --diagnosis "M54.42=Lumbago with sciatica, left side" \
    --frequency 2x/week --minutes 60 \
    --precautions "No deep pressure over the sciatic notch during a flare; avoid prolonged prone lumbar extension if leg symptoms increase." \
    --goal "Leg pain at or below 2/10" \
    --goal "Sit for 60 minutes at work without leg symptoms" >/dev/null

mmx rx add --patient "$jose" --id 2026-08-19-sciatica --renews 2026-06-01-sciatica \
    --issued 2026-08-19 --expires 2026-12-04 --visits 12 \
    --region back --region left-sacroiliac --region left-gluteal --region left-thigh \
    --technique swedish --technique myofascial-release --technique trigger-point \
    --technique neuromuscular-therapy --technique stretching \
    --prescriber "Dr. Harriet Quillfeather, MD" --npi 1234567893 --prescriber-phone 555-0142 \
    --diagnosis "M54.16=Radiculopathy, lumbar region" \
    --diagnosis "M54.42=Lumbago with sciatica, left side" \
    --frequency 1x/week --minutes 60 \
    --precautions "No deep pressure over the sciatic notch during a flare; avoid prolonged prone lumbar extension if leg symptoms increase." \
    --goal "Return to recreational soccer without leg symptoms" \
    --goal "Pain at or below 2/10 through the workday" >/dev/null

# Winifred: whiplash. Discharged in July with two visits unused (`mmx rx
# close`, at the end): the prescription lapsed on 2026-11-16, and `mmx
# expiring` says nothing about it.
mmx rx add --patient "$winifred" --id 2026-06-05-whiplash \
    --issued 2026-06-05 --expires 2026-11-16 --visits 12 \
    --region neck-and-shoulders --region thoracic \
    --technique swedish --technique myofascial-release --technique positional-release \
    --technique muscle-energy-technique --technique stretching \
    --prescriber "Dr. Ignatius Brackenridge, DO" --npi 1047293851 --prescriber-phone 555-0167 \
    --diagnosis "S13.4XXD=Sprain of ligaments of cervical spine, subsequent encounter" \
    --diagnosis "M54.2=Cervicalgia" \
    --frequency 2x/week --minutes 45 \
    --precautions "No high-velocity or end-range cervical movement. Stop and refer if dizziness, arm numbness or worsening headache." \
    --goal "Cervical rotation of 70 degrees each way without pain" \
    --goal "Full workdays without afternoon headache" >/dev/null

# Tobias: TMJ. Expires 2026-12-02 with one visit left.
mmx rx add --patient "$tobias" --id 2026-09-02-tmj \
    --issued 2026-09-02 --expires 2026-12-02 --visits 8 \
    --region bilateral-tmj --region face --region bilateral-suboccipital --region cervical \
    --technique myofascial-release --technique trigger-point --technique craniosacral --technique stretching \
    --prescriber "Dr. Sunniva Okafor-Lindqvist, DDS" --npi 1582037465 --prescriber-phone 555-0183 \
    --diagnosis "M26.623=Arthralgia of bilateral temporomandibular joint" \
    --diagnosis "M79.18=Myalgia, other site" \
    --frequency 1x/week --minutes 45 \
    --precautions "External techniques only; no intraoral work." --avoid-region intraoral \
    --goal "Pain-free mouth opening of 40 mm" \
    --goal "Morning jaw pain at or below 1/10" >/dev/null

# Delphine: left carpal tunnel. The first prescription expired with three
# visits unused while she travelled; the renewal (`--renews`) widens the
# area to the whole left arm, shoulder blade and neck, and uses the default
# validity ([rules] rx_valid_days).
mmx rx add --patient "$delphine" --id 2026-06-15-carpal-tunnel \
    --issued 2026-06-15 --expires 2026-08-14 --visits 8 \
    --region left-forearm --region left-wrist --region left-hand \
    --technique myofascial-release --technique cross-fiber-friction \
    --technique soft-tissue-mobilization --technique stretching \
    --prescriber "Dr. Leopold Farnsworth-Ibe, MD" --npi 1694820378 --prescriber-phone 555-0129 \
    --diagnosis "G56.02=Carpal tunnel syndrome, left upper limb" \
    --frequency 2x/week --minutes 30 \
    --precautions "Light pressure over the carpal tunnel; no sustained compression at the wrist." \
    --goal "No night-time numbness" \
    --goal "Left grip strength within 10% of the right" >/dev/null

mmx rx add --patient "$delphine" --id 2026-09-09-carpal-tunnel --renews 2026-06-15-carpal-tunnel \
    --issued 2026-09-09 --expires 2027-01-08 --visits 10 \
    --region left-upper-extremity --region left-scapular --region cervical \
    --technique myofascial-release --technique cross-fiber-friction \
    --technique soft-tissue-mobilization --technique trigger-point --technique stretching \
    --prescriber "Dr. Leopold Farnsworth-Ibe, MD" --npi 1694820378 --prescriber-phone 555-0129 \
    --diagnosis "G56.02=Carpal tunnel syndrome, left upper limb" \
    --frequency 1x/week --minutes 45 \
    --precautions "Light pressure over the carpal tunnel; no sustained compression at the wrist. Gentle work only on the anterior neck." \
    --goal "No night-time numbness for two consecutive weeks" \
    --goal "Type through a full workday without tingling" >/dev/null

# Augustin: right plantar fasciitis. One visit left.
mmx rx add --patient "$augustin" --id 2026-10-05-plantar-fasciitis \
    --issued 2026-10-05 --expires 2027-01-05 --visits 6 \
    --region right-foot --region right-ankle --region right-lower-leg \
    --technique cross-fiber-friction --technique myofascial-release \
    --technique instrument-assisted-soft-tissue-mobilization --technique trigger-point --technique stretching \
    --prescriber "Dr. Rosalind Achterberg, DPM" --npi 1428571396 --prescriber-phone 555-0156 \
    --diagnosis "M72.2=Plantar fascial fibromatosis" \
    --frequency 1x/week --minutes 45 \
    --precautions "No aggressive friction over the medial calcaneal tubercle during the first two visits." \
    --goal "First-step morning heel pain below 2/10" \
    --goal "Run 5 km without heel pain" >/dev/null

# Marisol: lymphedema and mastectomy scar. Expires 2026-12-06.
mmx rx add --patient "$marisol" --id 2026-07-06-lymphedema \
    --issued 2026-07-06 --expires 2026-12-06 --visits 16 \
    --region cervical --region bilateral-pectoral --region left-rib-cage \
    --region left-scapular --region left-upper-extremity \
    --technique manual-lymphatic-drainage --technique scar-tissue-mobilization --technique myofascial-release \
    --prescriber "Dr. Cassius Umberfield, MD" --npi 1928374655 --prescriber-phone 555-0171 \
    --diagnosis "I97.2=Postmastectomy lymphedema syndrome" \
    --diagnosis "L90.5=Scar conditions and fibrosis of skin" \
    --diagnosis "Z90.12=Acquired absence of left breast and nipple" \
    --frequency "1x/week for 4 weeks, then 1x/2 weeks" --minutes 60 \
    --precautions "No blood pressure cuff, injections or heat on the left arm. Light pressure only for lymphatic drainage. Stop and refer if the arm becomes red, hot or suddenly more swollen." \
    --goal "Left upper arm circumference within 2 cm of the right" \
    --goal "Left shoulder flexion of 160 degrees" \
    --goal "Mobile, non-adherent mastectomy scar" >/dev/null

# --- Screening, clearance and consent (issue 23) ----------------------------
# Each patient was screened for red flags at the first visit (`--none`: asked,
# none applies). Marisol's lymphedema and recent surgery need a doctor's
# clearance: Dr. Umberfield cleared her for six months, no deep work in the
# left axilla (the node dissection site). The practice checks consent for
# sensitive regions per course (`init --consent per-course`): José's left
# gluteal work and Marisol's chest wall work each rest on a signed consent.
mmx patient screen "$jose" --date 2026-06-02 --none >/dev/null
mmx patient screen "$winifred" --date 2026-06-08 --none >/dev/null
mmx patient screen "$tobias" --date 2026-09-08 --none >/dev/null
mmx patient screen "$delphine" --date 2026-06-17 --flag neuropathy \
    --note "Night-time numbness in the left thumb and index finger." >/dev/null
mmx patient screen "$augustin" --date 2026-10-07 --none >/dev/null
mmx patient screen "$marisol" --date 2026-07-06 --flag lymphedema --flag surgery-6mo \
    --note "Left mastectomy with axillary node removal in March 2026; radiation completed in May." >/dev/null
mmx patient clear "$marisol" --date 2026-07-06 --flag lymphedema --flag surgery-6mo \
    --by "Dr. Cassius Umberfield, MD" --npi 1928374655 --expires 2027-01-06 \
    --avoid-region left-axilla --note "Cleared for light manual lymphatic drainage and scar work." >/dev/null
mmx patient consent "$jose" --date 2026-06-02 --scope sensitive --region left-gluteal >/dev/null
mmx patient consent "$marisol" --date 2026-07-08 --scope sensitive \
    --region bilateral-pectoral --region chest >/dev/null
mmx patient consent "$marisol" --date 2026-07-08 --scope treatment >/dev/null
# --- end of screening, clearance and consent --------------------------------

# ---------------------------------------------------------------------------
# José Núñez: sciatica, first prescription (8 visits, used up)
# ---------------------------------------------------------------------------

visit "$jose" 2026-06-02 17:30 60 "lumbar left-gluteal left-thigh" "swedish myofascial-release" 7 5 \
    "Three weeks of low back pain running down the back of the left thigh to the knee; worse after sitting more than 30 minutes at work." \
    "Guarded lumbar flexion; left lumbar paraspinals and piriformis hypertonic. Straight-leg raise reproduces thigh pain at 50 degrees on the left." \
    "Presentation matches the referral diagnosis; moderate pressure tolerated once the paraspinals softened." \
    "Twice weekly per prescription. Walking break every 30 minutes at work."

visit "$jose" 2026-06-05 17:30 60 "lumbar left-gluteal" "swedish trigger-point" 6 4 \
    "Slept better after the first visit; leg pain still there on the drive home." \
    "Active trigger points in left gluteus medius and piriformis reproduce the familiar thigh pain. Left quadratus lumborum tender." \
    "Gluteal trigger points are a large part of the referred pain; good response to ischemic compression." \
    "Continue trigger-point work; introduce a piriformis stretch next visit."

visit "$jose" 2026-06-09 17:30 60 "lumbar left-gluteal left-thigh" "myofascial-release trigger-point stretching" 6 3 \
    "Pain now stops above the knee. Still stiff first thing in the morning." \
    "Lumbar flexion to mid-shin. Left hamstring tone raised, with restricted fascial glide along the posterior thigh." \
    "Leg symptoms are centralising, a favourable sign." \
    "Taught supine figure-four piriformis stretch, 3 x 30 seconds twice daily."

visit "$jose" 2026-06-12 17:30 60 "lumbar left-gluteal left-thigh" "swedish myofascial-release stretching" 5 3 \
    "Doing the stretch most days. A long meeting on Wednesday brought the thigh pain back for an hour." \
    "Piriformis less tender. Straight-leg raise 65 degrees on the left before thigh symptoms." \
    "Steady improvement; sitting tolerance is still the limiting factor." \
    "Continue plan. Suggested a lumbar roll for the office chair."

visit "$jose" 2026-06-16 17:30 60 "thoracic lumbar left-gluteal" "swedish trigger-point" 4 2 \
    "Using a lumbar roll at work. Mid-back tight after a weekend of gardening." \
    "Thoracic paraspinals hypertonic on both sides; latent trigger point in left gluteus minimus." \
    "Thoracic tension is new and mechanical; the leg pattern keeps settling." \
    "Keep the focus on lumbar and gluteal areas; brief thoracic work if still tight."

missed "$jose" 2026-06-19 cancelled 17:30 \
    --subjective "Called the day before to cancel: away for work."

visit "$jose" 2026-06-23 17:30 60 "lumbar left-gluteal left-thigh" "myofascial-release trigger-point stretching" 5 3 \
    "Travel week with long flights; thigh pain rose to 6/10 on the flight home." \
    "Left piriformis and hamstring tone raised again. No new numbness or weakness reported or observed." \
    "Temporary flare from prolonged sitting; responded well to treatment." \
    "Reviewed stretches that can be done while travelling. Continue twice weekly."

visit "$jose" 2026-06-26 17:30 60 "lumbar left-gluteal" "swedish myofascial-release" 3 1 \
    "Flare settled within two days. Sat through a full workday with only a mild ache." \
    "Full lumbar flexion with mild end-range pull. Straight-leg raise 75 degrees on the left." \
    "Good progress toward the sitting goal." \
    "One visit left on this prescription; see Dr. Quillfeather if symptoms persist."

missed "$jose" 2026-07-01 no-show 17:30 \
    --plan "Did not attend and did not call. Reminder text sent; rebooked for next week."

visit "$jose" 2026-07-07 17:30 60 "lumbar left-gluteal left-thigh" "swedish trigger-point stretching" 3 1 \
    "Apologised for last week. Mostly pain-free; occasional twinge in the buttock getting out of the car." \
    "Latent trigger point remains in left piriformis. Hamstring length symmetric." \
    "Prescription goals largely met; last visit on this prescription." \
    "Discharged to home stretching. Return with a new prescription if symptoms recur."

# ---------------------------------------------------------------------------
# José Núñez: renewal after a flare (12 visits, expires 2026-12-04)
# ---------------------------------------------------------------------------

visit "$jose" 2026-08-21 17:30 60 "lumbar left-sacroiliac left-gluteal left-thigh" "swedish myofascial-release trigger-point" 7 5 \
    "Symptoms came back after a six-hour drive to a family event; pain down the left thigh again, worse sitting." \
    "Left sacroiliac region tender; lumbar flexion only to the knees. Left piriformis and gluteus medius trigger points active." \
    "Recurrence with the same pattern as in June. The renewal adds the left sacroiliac region." \
    "Weekly under the renewal. Restart piriformis stretch and walking breaks." \
    --rx 2026-08-19-sciatica

visit "$jose" 2026-08-28 17:30 60 "lumbar left-sacroiliac left-gluteal left-thigh" "myofascial-release neuromuscular-therapy stretching" 6 3 \
    "Back on the stretches; thigh pain now comes and goes rather than constant." \
    "Less guarding. Straight-leg raise 60 degrees on the left." \
    "Responding faster than in the first episode." \
    "Continue weekly; add a kneeling hip flexor stretch." \
    --rx 2026-08-19-sciatica

visit "$jose" 2026-09-04 17:30 60 "lumbar left-gluteal left-thigh" "swedish trigger-point stretching" 5 3 \
    "Good week; some ache after a long Friday of meetings." \
    "Fewer trigger points in left gluteus medius. Hip flexors tight on both sides." \
    "Improving; long sitting is still the main aggravator." \
    "Continue plan. Patient will ask for a sit-stand desk at work."

visit "$jose" 2026-09-11 17:30 60 "back left-gluteal" "swedish neuromuscular-therapy" 4 2 \
    "Sit-stand desk arrived; alternating every hour and noticing less leg pain." \
    "Paraspinal tone close to normal; mild tenderness over the left sacroiliac joint." \
    "Sitting tolerance improving with the workstation change." \
    "Continue weekly. Discussed a gradual return to jogging."

visit "$jose" 2026-09-18 17:30 60 "lumbar left-sacroiliac left-gluteal" "myofascial-release trigger-point stretching" 3 1 \
    "Jogged 15 minutes twice this week without leg symptoms." \
    "Straight-leg raise 80 degrees on the left, equal to the right. No active trigger points in the left gluteals." \
    "Near goal; tissue quality much improved." \
    "Weekly until he is back at soccer; emphasise hamstring and hip mobility."

missed "$jose" 2026-09-25 cancelled 17:30 \
    --subjective "Called to cancel: child home sick."

visit "$jose" 2026-10-02 17:30 60 "lumbar left-gluteal left-thigh" "swedish myofascial-release stretching" 4 2 \
    "Played a light soccer practice; left hamstring and calf tight afterwards." \
    "Left hamstring tone raised. Left calf firm and tender, but the lower leg is not on the prescription and was not treated." \
    "Tolerated the return to sport reasonably; calf tightness noted for the prescriber." \
    "Message Dr. Quillfeather's office about adding the left lower leg."

# The only deviation in the demo: an extra region approved by phone. `check`
# reports it as a warning that quotes the reason.
visit "$jose" 2026-10-09 17:30 60 "lumbar left-gluteal left-thigh left-lower-leg" "swedish myofascial-release trigger-point" 5 2 \
    "Calf cramped twice during Sunday's match; low back quiet." \
    "Active trigger points in the medial head of the left gastrocnemius; hamstrings and gluteals unremarkable." \
    "Calf trigger points likely from the return to running; treated with the prescriber's phone approval." \
    "Calf stretch twice daily. Continue weekly." \
    --override "Dr. Quillfeather approved adding the left lower leg (calf) by phone on 2026-10-08 after cramping at soccer; written amendment requested"

visit "$jose" 2026-10-16 17:30 60 "lumbar left-gluteal left-thigh" "neuromuscular-therapy stretching" 3 1 \
    "No cramping this week; back and leg feel good." \
    "Full lumbar range. Hamstring length symmetric." \
    "Goals nearly met." \
    "Move to every other week if stable."

visit "$jose" 2026-10-30 17:30 60 "lumbar left-gluteal" "swedish myofascial-release" 2 1 \
    "Played a full match on Sunday without leg pain." \
    "Mild left piriformis tone only; no referred symptoms on palpation." \
    "Return-to-sport goal met." \
    "Every other week until the prescription expires."

visit "$jose" 2026-11-13 17:30 60 "back left-gluteal left-thigh" "swedish stretching" 3 1 \
    "Long hours at the desk this week; mild ache in the low back only, no leg symptoms." \
    "Lumbar paraspinals mildly hypertonic; no leg symptoms on straight-leg raise." \
    "Holding his gains despite a heavier workload." \
    "One or two maintenance visits before the prescription expires on 2026-12-04."

# ---------------------------------------------------------------------------
# Winifred Pemberton-Lark: whiplash
# ---------------------------------------------------------------------------

visit "$winifred" 2026-06-08 12:15 45 "cervical bilateral-suboccipital bilateral-shoulder" "swedish positional-release" 6 5 \
    "Rear-ended at a stoplight on 2026-05-26; neck pain and stiffness, with headaches at the base of the skull most afternoons." \
    "Cervical rotation 45 degrees right and 40 left, guarded. Upper trapezius and suboccipitals hypertonic and tender on both sides." \
    "Subacute whiplash; light pressure only, tolerated well." \
    "Twice weekly. Gentle positional release and light Swedish; no end-range work per precautions."

visit "$winifred" 2026-06-11 12:15 45 "cervical bilateral-suboccipital bilateral-scapular" "positional-release myofascial-release" 6 4 \
    "Headache eased for a day after the first session; still wakes with a stiff neck." \
    "Tender points in left levator scapulae and both suboccipitals. Rotation 50 right, 45 left." \
    "Responding to positional release; tissue still reactive." \
    "Continue. Add gentle muscle energy technique for rotation if tolerated."

visit "$winifred" 2026-06-15 12:15 45 "neck-and-shoulders" "positional-release muscle-energy-technique" 5 3 \
    "Fewer afternoon headaches: three this week instead of daily." \
    "Rotation 55 right and 50 left after muscle energy technique. No dizziness or arm symptoms." \
    "Mobility improving without provoking symptoms." \
    "Continue. Started chin-tuck home exercise." \
    --home-care strengthen:cervical:2x10:daily

visit "$winifred" 2026-06-18 12:15 45 "cervical bilateral-shoulder thoracic" "swedish myofascial-release" 5 3 \
    "Upper back aches by the end of the workday. Doing the chin tucks." \
    "Mid-thoracic paraspinals and rhomboids hypertonic; rounded sitting posture at the desk." \
    "Secondary thoracic tension from guarding and desk posture." \
    "Include thoracic work. Discussed raising the monitor." \
    --adherence full

visit "$winifred" 2026-06-22 12:15 45 "neck-and-shoulders thoracic" "myofascial-release muscle-energy-technique stretching" 4 2 \
    "Raised the monitor and the upper back is better; neck still tight turning left when reversing the car." \
    "Rotation 60 right, 55 left. Left scalenes and levator scapulae tight." \
    "Left rotation lags behind right; gradual gains." \
    "Added gentle scalene and levator stretches to the home program." \
    --adherence full --home-care strengthen:cervical:2x10:daily \
    --home-care stretch:cervical:3x30s:2x/day

missed "$winifred" 2026-06-25 cancelled 12:15 \
    --subjective "Called to cancel: car in the body shop after the collision, no transport."

visit "$winifred" 2026-06-29 12:15 45 "cervical bilateral-suboccipital bilateral-scapular" "positional-release muscle-energy-technique" 4 2 \
    "Only one headache this week, after a long video call." \
    "Suboccipital tenderness reduced. Rotation 65 right, 60 left." \
    "Headache frequency markedly down." \
    "Continue twice weekly." \
    --adherence partial

visit "$winifred" 2026-07-02 12:15 45 "neck-and-shoulders" "swedish stretching" 3 1 \
    "Feels looser; drove two hours to visit family without trouble." \
    "Upper trapezius tone near normal; mild left levator scapulae tenderness remains." \
    "Good functional progress." \
    "Continue; reassess rotation next visit."

visit "$winifred" 2026-07-09 12:15 45 "neck-and-shoulders thoracic" "myofascial-release muscle-energy-technique" 3 1 \
    "Back at work full-time this week; mild neck fatigue late in the day." \
    "Rotation 70 right, 65 left. Thoracic mobility improved." \
    "Right rotation goal met; left nearly there." \
    "Continue, with emphasis on left rotation." \
    --adherence full

visit "$winifred" 2026-07-13 12:15 45 "cervical bilateral-suboccipital bilateral-shoulder" "positional-release stretching" 2 1 \
    "No headaches in ten days." \
    "Rotation 70 degrees both ways without pain; suboccipitals soft." \
    "Both rotation goals met." \
    "One more visit, then discharge to the home program if stable."

missed "$winifred" 2026-07-16 no-show 12:15 \
    --plan "No call, no show. Front desk left a message to reschedule."

visit "$winifred" 2026-07-20 12:15 45 "neck-and-shoulders thoracic" "swedish myofascial-release" 2 0 \
    "Forgot last week's appointment. Feels back to normal at work." \
    "Full pain-free cervical range; no notable tender points." \
    "Goals met after 10 visits; 2 prescribed visits unused." \
    "Discharged to the home exercise program; summary sent to Dr. Brackenridge." \
    --adherence full --home-care strengthen:cervical:2x10:daily \
    --home-care stretch:cervical:3x30s:daily

# ---------------------------------------------------------------------------
# Tobias Marchetti-Wren: TMJ (8 visits, expires 2026-12-02)
# ---------------------------------------------------------------------------

visit "$tobias" 2026-09-08 08:00 45 "bilateral-tmj face cervical" "myofascial-release trigger-point" 6 4 \
    "Jaw pain and clicking on the right for four months, worse in the morning. Dentist fitted a night guard in August." \
    "Mouth opening 32 mm, deviating to the right. Masseter and temporalis tender on both sides, right more than left." \
    "Myofascial jaw pain with likely night-time clenching; external work tolerated well." \
    "Weekly per prescription. Taught resting jaw position: tongue on the palate, teeth apart."

visit "$tobias" 2026-09-15 08:00 45 "bilateral-tmj face bilateral-suboccipital" "trigger-point craniosacral" 5 3 \
    "Remembering the resting position at work; morning pain still 5/10." \
    "Active trigger point in the right masseter refers to the upper molars. Suboccipitals tight." \
    "Masseter trigger points reproduce his familiar toothache-like pain." \
    "Continue. Taught masseter self-massage, twice daily."

visit "$tobias" 2026-09-22 08:00 45 "bilateral-tmj face cervical" "myofascial-release craniosacral" 5 2 \
    "Clicking less noticeable; headaches at the temples twice this week." \
    "Opening 36 mm with less deviation. Temporalis tender on both sides." \
    "Range improving; temple headaches linked to clenching." \
    "Continue weekly. Suggested a stress log to spot clenching triggers."

visit "$tobias" 2026-09-29 08:00 45 "bilateral-tmj bilateral-suboccipital cervical" "myofascial-release trigger-point stretching" 4 2 \
    "Stress log shows clenching while driving and around deadlines." \
    "Forward head posture; upper cervical extensors and suboccipitals hypertonic." \
    "Addressed the neck's contribution to the jaw pain." \
    "Added chin tucks and a gentle neck stretch to the home program."

missed "$tobias" 2026-10-06 cancelled 08:00 \
    --subjective "Cancelled by text the evening before: work deadline."

visit "$tobias" 2026-10-13 08:00 45 "bilateral-tmj face" "myofascial-release trigger-point" 5 3 \
    "Missed a week and the jaw tightened up during the deadline." \
    "Opening back to 34 mm; right masseter trigger point active again." \
    "Temporary setback with stress; tissue responded quickly." \
    "Keep weekly visits through the busy period."

visit "$tobias" 2026-10-20 08:00 45 "bilateral-tmj face bilateral-suboccipital" "craniosacral stretching" 3 1 \
    "Morning pain down to 3/10; no clicking this week." \
    "Opening 39 mm without deviation; masseters softer." \
    "Approaching the 40 mm opening goal." \
    "Continue. Reviewed his self-massage technique."

missed "$tobias" 2026-10-27 no-show 08:00 \
    --plan "Did not attend; emailed later that he overslept. Reminded of the 24-hour cancellation policy."

missed "$tobias" 2026-11-03 cancelled 08:00 \
    --subjective "Called to cancel: dental check-up the same morning."

visit "$tobias" 2026-11-10 08:00 45 "bilateral-tmj face cervical" "myofascial-release craniosacral" 2 1 \
    "Good two weeks: morning pain 2/10 and no headaches." \
    "Opening 41 mm, pain-free; mild right temporalis tenderness." \
    "Opening goal met; morning pain goal nearly met." \
    "One visit left and the prescription expires on 2026-12-02; ask Dr. Okafor-Lindqvist whether to renew."

# ---------------------------------------------------------------------------
# Delphine Abernathy-Cho: left carpal tunnel, first prescription (expired)
# ---------------------------------------------------------------------------

visit "$delphine" 2026-06-17 10:00 30 "left-forearm left-wrist left-hand" "soft-tissue-mobilization myofascial-release" 5 3 \
    "Numbness and tingling in the left thumb, index and middle fingers, waking her at night. Long keyboard days at work." \
    "Phalen's test positive on the left at 40 seconds. Forearm flexors hypertonic; thenar eminence tender." \
    "Findings match the referral; light work over the forearm and hand tolerated." \
    "Continue the night splint. No sustained pressure at the wrist, per precautions."

visit "$delphine" 2026-06-24 10:00 30 "left-forearm left-wrist" "myofascial-release stretching" 5 3 \
    "Woke twice with numbness this week instead of every night." \
    "Stiffness over the flexor retinaculum; pronator teres tender." \
    "Night symptoms easing." \
    "Taught a wrist flexor stretch and gentle median nerve glides, 5 repetitions twice daily."

visit "$delphine" 2026-07-01 10:00 30 "left-forearm left-hand" "cross-fiber-friction soft-tissue-mobilization" 4 2 \
    "Doing the nerve glides; tingling mainly after long typing sessions." \
    "Adhesions along flexor digitorum superficialis; thenar muscles less tender." \
    "Good response to friction over the forearm flexors." \
    "Continue. Reviewed keyboard and mouse setup."

visit "$delphine" 2026-07-08 10:00 30 "left-forearm left-wrist left-hand" "myofascial-release stretching" 4 2 \
    "Switched to a vertical mouse; symptoms after work are milder." \
    "Phalen's test positive at 60 seconds. Left grip still weaker than the right." \
    "Gradual improvement." \
    "Weekly, as her work schedule allows, rather than the prescribed twice weekly."

missed "$delphine" 2026-07-15 cancelled 10:00 \
    --subjective "Called to cancel: court filing deadline at work."

visit "$delphine" 2026-07-22 10:00 30 "left-forearm left-wrist left-hand" "soft-tissue-mobilization cross-fiber-friction stretching" 3 2 \
    "Leaving for a three-week trip; night numbness only once this week." \
    "Forearm tone near normal; mild thenar tenderness." \
    "Improving. The three remaining visits will likely go unused before the prescription expires on 2026-08-14." \
    "Continue nerve glides while away; follow up with Dr. Farnsworth-Ibe on return."

# ---------------------------------------------------------------------------
# Delphine Abernathy-Cho: renewal (10 visits, default validity)
# ---------------------------------------------------------------------------

visit "$delphine" 2026-09-16 10:00 45 "left-forearm left-wrist left-hand left-upper-arm" "myofascial-release soft-tissue-mobilization" 5 3 \
    "Symptoms crept back on the trip while working on a laptop; now also aching up into the left upper arm." \
    "Phalen's test positive at 40 seconds again. Forearm flexors and biceps hypertonic." \
    "Renewal widens the area to the whole left arm, shoulder blade and neck to address contributions higher up." \
    "Weekly, 45 minutes. Resume nerve glides."

visit "$delphine" 2026-09-23 10:00 45 "left-scapular left-shoulder left-forearm left-wrist" "trigger-point myofascial-release" 5 3 \
    "Upper arm ache better; night numbness three times this week." \
    "Trigger point in left infraspinatus refers into the outer arm; forearm flexors tight." \
    "The shoulder-blade component is responding." \
    "Continue weekly."

visit "$delphine" 2026-09-30 10:00 45 "cervical left-scapular left-forearm left-hand" "trigger-point stretching soft-tissue-mobilization" 4 2 \
    "Neck stiff after long video calls; hand tingles after typing." \
    "Left anterior and middle scalenes tight; mild forward head posture." \
    "Scalene tension may be adding to the arm symptoms." \
    "Added a gentle scalene stretch to the home program."

visit "$delphine" 2026-10-07 10:00 45 "left-upper-extremity" "myofascial-release cross-fiber-friction" 4 2 \
    "Woke only once with numbness this week." \
    "Phalen's test positive at 70 seconds. Grip difference smaller." \
    "Night symptoms improving steadily." \
    "Continue weekly."

visit "$delphine" 2026-10-14 10:00 45 "cervical left-forearm left-wrist left-hand" "soft-tissue-mobilization stretching" 3 1 \
    "A full week without night numbness, for the first time." \
    "Forearm flexors supple; scalenes less tender." \
    "One week toward the night-time goal." \
    "Continue; she will keep a tally of symptom-free nights."

visit "$delphine" 2026-10-21 10:00 45 "left-scapular left-forearm left-wrist" "trigger-point myofascial-release" 3 1 \
    "Second week without night symptoms; types about six hours before tingling starts." \
    "No active trigger points in the left shoulder-blade muscles; thenar tone normal." \
    "Night-time goal met." \
    "Reduce to every other week."

missed "$delphine" 2026-10-28 no-show 10:00 \
    --plan "Did not attend; phoned in the afternoon, she had mixed up the date. Rebooked."

visit "$delphine" 2026-11-04 10:00 45 "left-upper-extremity cervical" "myofascial-release stretching" 3 1 \
    "Busy quarter-end at work; mild tingling after two long days but sleeping well." \
    "Phalen's test negative at 60 seconds; mild forearm flexor tightness." \
    "Holding her gains under a heavier workload." \
    "Every other week."

missed "$delphine" 2026-11-11 cancelled 10:00 \
    --subjective "Called to cancel: caring for her father after his surgery."

visit "$delphine" 2026-11-18 10:00 45 "left-forearm left-wrist left-hand" "soft-tissue-mobilization cross-fiber-friction stretching" 2 0 \
    "Typed through a full workday on Monday without tingling." \
    "Phalen's test negative; left grip within 10% of the right." \
    "Both goals met." \
    "Two visits remain; use them for maintenance as needed, then discharge."

# ---------------------------------------------------------------------------
# Augustin Pellworth: right plantar fasciitis (6 visits, one left)
# ---------------------------------------------------------------------------

visit "$augustin" 2026-10-07 18:30 45 "right-foot right-lower-leg" "myofascial-release stretching" 7 5 \
    "Sharp heel pain with the first steps each morning for two months; stopped running in August." \
    "Tender at the right medial calcaneal tubercle. Ankle dorsiflexion 5 degrees on the right, 15 on the left; calf tight." \
    "Typical plantar fasciitis with calf tightness; gentle work only over the heel, per precautions." \
    "Weekly. Calf stretch against a wall, 3 x 30 seconds twice daily." \
    --home-care stretch:right-calf:3x30s:2x/day

visit "$augustin" 2026-10-14 18:30 45 "right-foot right-ankle right-lower-leg" "myofascial-release trigger-point stretching" 6 4 \
    "Morning pain a little better; stretching every day." \
    "Trigger points in right soleus and gastrocnemius; plantar fascia thickened along the medial band." \
    "Calf trigger points contribute to the limited dorsiflexion." \
    "Added rolling the foot over a frozen water bottle in the evening." \
    --adherence full --home-care stretch:right-calf:3x30s:2x/day \
    --home-care "ice:right-foot:5 min:daily"

visit "$augustin" 2026-10-21 18:30 45 "right-foot right-lower-leg" "cross-fiber-friction instrument-assisted-soft-tissue-mobilization" 5 3 \
    "First steps now 4/10; walks the dog without pain." \
    "Dorsiflexion 10 degrees on the right; less tenderness at the heel." \
    "Acute phase settled, so deeper friction was introduced." \
    "Start short walk-jog intervals if morning pain stays below 3/10." \
    --adherence full

visit "$augustin" 2026-10-28 18:30 45 "right-foot right-ankle right-lower-leg" "instrument-assisted-soft-tissue-mobilization stretching" 4 2 \
    "Did two 10-minute walk-jog sessions; heel sore the next morning but settled by lunch." \
    "Fascia less thickened; calf length nearly symmetric." \
    "Tolerating a graded return to running." \
    "Walk-jog every other day; keep stretching." \
    --adherence full

missed "$augustin" 2026-11-04 cancelled 18:30 \
    --subjective "Cancelled the same afternoon: kept late at work."

visit "$augustin" 2026-11-11 18:30 45 "right-foot right-lower-leg" "cross-fiber-friction myofascial-release stretching" 3 1 \
    "First-step pain 2/10 most mornings; jogged 3 km without heel pain." \
    "Dorsiflexion symmetric at 15 degrees; only mild tenderness at the calcaneal tubercle." \
    "Close to both goals." \
    "One visit left on the prescription; reassess after his first 5 km run." \
    --adherence partial

missed "$augustin" 2026-11-18 no-show 18:30 \
    --plan "Did not attend; voicemail left. One visit remains on the prescription."

# ---------------------------------------------------------------------------
# Marisol Quiñones-Hartley: lymphedema and scar (16 visits, expires 2026-12-06)
# ---------------------------------------------------------------------------

visit "$marisol" 2026-07-08 14:00 60 "cervical bilateral-pectoral left-upper-extremity" "manual-lymphatic-drainage" 3 2 \
    "Left arm feels heavy and tight by evening since radiation ended in May." \
    "Left upper arm 3.5 cm larger than the right, 10 cm above the elbow; pitting at the forearm. Scar closed and healed." \
    "Early lymphedema of the left arm; light drainage tolerated well and the arm felt lighter afterwards." \
    "Weekly for four weeks, then reassess. Compression sleeve by day."

visit "$marisol" 2026-07-15 14:00 60 "cervical bilateral-pectoral left-rib-cage left-upper-extremity" "manual-lymphatic-drainage" 3 1 \
    "Heaviness eased for two days after the first session." \
    "Circumference difference 3.0 cm. Skin soft, no redness or warmth." \
    "Good early response." \
    "Taught a self-drainage sequence that starts at the neck."

visit "$marisol" 2026-07-22 14:00 60 "cervical left-pectoral left-upper-extremity" "manual-lymphatic-drainage scar-tissue-mobilization" 4 2 \
    "Chest wall feels tight and pulls when reaching to a high shelf." \
    "Scar adherent along its outer third; left shoulder flexion 130 degrees." \
    "Scar adhesion limits shoulder flexion; gentle scar work started after drainage." \
    "Scar mobilization each visit; wall-walk exercise daily."

visit "$marisol" 2026-07-29 14:00 60 "left-pectoral left-rib-cage left-scapular left-upper-extremity" "manual-lymphatic-drainage myofascial-release scar-tissue-mobilization" 4 2 \
    "Doing self-drainage most days; tightness in the armpit when reaching." \
    "Axillary cording palpable on the left; shoulder flexion 135 degrees." \
    "Cording and scar adhesion both restrict flexion." \
    "Gentle myofascial work around the armpit, within comfort."

missed "$marisol" 2026-08-05 cancelled 14:00 \
    --subjective "Cancelled: oncology follow-up the same afternoon."

visit "$marisol" 2026-08-12 14:00 60 "cervical left-pectoral left-upper-extremity" "manual-lymphatic-drainage scar-tissue-mobilization" 3 1 \
    "Oncology follow-up went well; the arm swells a little in hot weather." \
    "Circumference difference 2.5 cm; scar lifting more freely." \
    "Steady reduction despite the summer heat." \
    "Every two weeks from now."

visit "$marisol" 2026-08-26 14:00 60 "left-rib-cage left-scapular left-upper-extremity" "manual-lymphatic-drainage myofascial-release" 3 1 \
    "Reaching overhead is easier; the sleeve is comfortable." \
    "Shoulder flexion 150 degrees; cording much less prominent." \
    "Good progress on shoulder range." \
    "Every two weeks; continue wall walks."

visit "$marisol" 2026-09-23 14:00 60 "cervical bilateral-pectoral left-upper-extremity" "manual-lymphatic-drainage scar-tissue-mobilization" 2 1 \
    "Arm feels normal most days; heaviness only after carrying groceries." \
    "Circumference difference 2.0 cm. Scar mobile in all directions except a small area at its outer end." \
    "Approaching the circumference goal." \
    "Monthly maintenance; wear the sleeve when carrying loads."

visit "$marisol" 2026-10-21 14:00 60 "left-pectoral left-upper-extremity" "manual-lymphatic-drainage scar-tissue-mobilization" 2 1 \
    "Joined a gentle exercise class for breast cancer survivors; no increase in swelling." \
    "Circumference difference 1.8 cm; shoulder flexion 160 degrees." \
    "Circumference and flexion goals met." \
    "Monthly maintenance until the prescription ends."

visit "$marisol" 2026-11-18 14:00 60 "cervical left-pectoral left-scapular left-upper-extremity" "manual-lymphatic-drainage myofascial-release" 2 0 \
    "Flew to visit her sister; wore the sleeve on the plane and had no flare." \
    "Circumference difference 1.7 cm; scar mobile and not adherent." \
    "All goals met; maintenance phase." \
    "Prescription expires on 2026-12-06; ask Dr. Umberfield about a maintenance prescription."

# ---------------------------------------------------------------------------
# Discharge and a visit recorded in error
# ---------------------------------------------------------------------------

# Winifred went on to her home programme after her 2026-07-20 visit.
mmx rx close 2026-06-05-whiplash --reason goals-met --date 2026-07-20 \
    --note "Discharged to a home exercise programme; two visits unused." >/dev/null

# A visit typed under Augustin's name on 2026-11-19 belonged to another
# patient: voided, it stays in the file and in history and counts for nothing.
visit "$augustin" 2026-11-19 18:30 45 "right-foot" "myofascial-release" 3 2 \
    "Entered under the wrong patient." "-" "-" "-"
mmx session void "$augustin/2026-11-19-1830" --by "Rowan Ashgrove, LMT" \
    --reason "Recorded under the wrong patient; the visit was someone else's." >/dev/null

echo "created $DIR:"
# --- Targets: the prescriptions' measurable goals (issue 12) ----------------
mmx rx edit 2026-08-19-sciatica --target odi=20 --target rom:left-hip:straight-leg-raise=80 \
    --target "psfs:Sit 60 minutes at work=8" >/dev/null
mmx rx edit 2026-06-05-whiplash --target rom:cervical:left-rotation=70 \
    --target rom:cervical:right-rotation=70 --target ndi=10 >/dev/null
mmx rx edit 2026-09-02-tmj --target mouth-opening=40 --target "psfs:Eat a sandwich=8" >/dev/null
mmx rx edit 2026-09-09-carpal-tunnel --target grip-strength:left-hand=25 --target quickdash=20 >/dev/null
mmx rx edit 2026-10-05-plantar-fasciitis --target lefs=70 --target "psfs:Run 5 km=8" >/dev/null
mmx rx edit 2026-07-06-lymphedema --target circumference:left-upper-arm=29.9 \
    --target rom:left-shoulder:flexion=160 --target quickdash=30 >/dev/null
# Progress reports already sent (`report --record`), on the day after a visit:
# Delphine's and Augustin's are recent, so `expiring` says no report is due for them.
"$MMX" --dir "$DIR" --today 2026-11-05 --color never report "$delphine" --format json \
    --recommend continue --record --id 2026-11-05-report >/dev/null 2>&1
"$MMX" --dir "$DIR" --today 2026-11-12 --color never report "$augustin" --format json \
    --recommend renew --request-visits 4 --record --id 2026-11-12-report >/dev/null 2>&1
# --- end of targets ---------------------------------------------------------

mmx check
