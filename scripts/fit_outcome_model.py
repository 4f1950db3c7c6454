#!/usr/bin/env python3
"""Fits Scarwise's outcome model (expected reduction of the Goodman & Baron quantitative
score, in % of baseline, after N microneedling sessions) from published trial arms and
writes its parameters into the protocol's outcome.yaml, each with its source arms.

    scripts/fit_outcome_model.py --trials ../shared/clinical/trials.csv \
        --out protocol/default/outcome.yaml [--cv docs/outcome-model.cv.md] [--check]

Python 3 standard library only (no numpy): the fit is a random-effects pooling of a handful
of arms, done by hand. Everything below the line
    # ---- clinic settings (kept by the fit script) ----
of an existing outcome.yaml (the wording, the behind rule, the follow-up visit) is kept as
it is, so a clinic's edits survive a refit. A clinic refits on its own outcomes by adding
rows to a copy of the trials file: a row with modality "MN monotherapy", scale starting with
"Goodman-Baron quantitative", sessions, n_patients, baseline_mean and post_mean is used as
is (see GenericArm).

The model (evaluated by src/domain/outcome/outcome_model.cpp, never fitted there):

    reduction_pct(n) = sham + A * g(n) * m_mix * m_grade * r
    g(n) = (1 - exp(-k n)) / (1 - exp(-k n_ref))        (n_ref = 3 sessions)

sham is the control side's change (Alam 2014); A the effect of needling beyond it after
n_ref sessions for the trials' typical patient; r the patient's own response factor
(prior mean 1), whose spread is the patients' heterogeneity plus every uncertainty the
trials leave (the pooled effect's, the studies' spread, each factor's). Factors the trials
do not inform (interval, aftercare adherence, Fitzpatrick type beyond "no difference",
sessions outside the trials' counts, a score outside the trials' range) carry no effect
and widen the interval instead.
"""
import argparse
import csv
import hashlib
import math
import re
import sys

Z80 = 1.2815515655446004  # 10th/90th percentile of the standard normal
MARKER = "# ---- clinic settings (kept by the fit script) ----"

# The G&B quantitative baselines reported in MN-family trials (REFERENCE.md §a2): a change in
# points (Alam 2014 reports only those) becomes a % of this typical baseline.
BASELINES = [
    (11.73, "Dogra, PMID 25196684 (REFERENCE.md a2)"),
    (12.65, "navyadevi_mnrf"),
    (16.39, "Al Chalabi 2020 (REFERENCE.md a2)"),
]

# Converting another scale's % change into the G&B quantitative % adds this spread
# (percentage points): a team judgement, since no trial reports both. Unverified.
CONVERSION_SD = {"gb_quantitative": 0.0, "gb_qualitative": 10.0, "ecca": 12.0, "profilometry": 15.0}
ASSUMPTION_SD = 5.0  # an assumed baseline grade or session count adds this (points)

K_PER_SESSION = 0.35  # saturation rate of the sessions curve: no dose-response trial (team choice)
N_REF = 3  # the median course (Harris 2015) and Alam 2014's
SESSIONS_EXTRAPOLATION_LOG_SD = 0.15  # per session away from a count some arm used (team choice)


def num(text):
    m = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(m.group()) if m else None


def patients(text):
    """'37 enrolled; 36 completed' -> 36, '50' -> 50, '' -> None."""
    m = re.search(r"(\d+)\s*completed", text or "")
    if m:
        return int(m.group(1))
    v = num(text)
    return int(v) if v else None


class Arm:
    def __init__(self, row, study, y, se, n_sessions, scale, note, assumed=False):
        self.id = row["id"]
        self.study = study
        self.y = y  # total reduction, % of baseline (sham included)
        self.se = se  # standard error of y from the arm's own sampling (percentage points)
        self.n = n_sessions
        self.scale = scale
        self.conv = math.hypot(CONVERSION_SD[scale], ASSUMPTION_SD if assumed else 0.0)
        self.note = note
        self.assumed = assumed

    def var(self):
        return self.se ** 2 + self.conv ** 2


def g(n, k=K_PER_SESSION):
    return (1 - math.exp(-k * n)) / (1 - math.exp(-k * N_REF))


def sd_from_ci(lo, hi):
    return (hi - lo) / 3.92


def read_arms(rows, baseline):
    """The arms the fit uses, each coded from its row (numbers read from the file's text), and
    the arms left out with the reason. Returns (sham, arms, excluded, facts)."""
    by_id = {r["id"]: r for r in rows}
    arms, excluded, facts = [], [], {}
    sham = None

    # Alam 2014: change scores in points at 3 and 6 months, split face, n = 15.
    if "alam2014_mn" in by_id and "alam2014_control" in by_id:
        mn, ctl = by_id["alam2014_mn"], by_id["alam2014_control"]
        n_pat = patients(ctl["n_patients"]) or 15
        # "3.4 points (95% CI 0.2-6.5 ...) at 6-month visit; 2.4 (95% CI printed as 0.01 to 4.8; lower bound probably -0.01"
        m6 = re.search(r"difference ([\d.]+) points \(95% CI ([\d.]+)-([\d.]+)", mn["notes"])
        m3 = re.search(r"; ([\d.]+) \(95% CI printed as ([\d.]+) to ([\d.]+)", mn["notes"])
        c3 = re.search(r"change from baseline: ([\d.]+) \(95% CI printed ([\d.]+) to ([\d.]+)", ctl["notes"])
        c6 = re.search(r"; ([\d.]+) \(CI printed ([\d.]+) to ([\d.]+)", ctl["notes"])
        t6, t6lo, t6hi = float(m6[1]), float(m6[2]), float(m6[3])
        t3, t3lo, t3hi = float(m3[1]), -float(m3[2]), float(m3[3])  # the minus sign lost in the stored text
        s3, s3lo, s3hi = float(c3[1]), -float(c3[2]), float(c3[3])
        s6, s6lo, s6hi = float(c6[1]), -float(c6[2]), float(c6[3])
        pct = lambda pts: 100.0 * pts / baseline
        sham = {
            "mean_pct": pct(s3),
            "se_pct": pct(sd_from_ci(s3lo, s3hi)),
            "at_6_months_pct": pct(s6),
            "arms": ["alam2014_control"],
        }
        arms.append(Arm(mn, "alam2014", pct(t3), pct(sd_from_ci(t3lo, t3hi)), int(num(mn["sessions"])),
                        "gb_quantitative", f"G&B quantitative change {t3} points at the 3-month visit"))
        # Patients' heterogeneity: the treated side's change spreads more than the control side's
        # (the control spread is rating noise and regression to the mean). Per visit:
        # sd = se * sqrt(n); heterogeneity = sqrt(sd_t^2 - sd_c^2) over the effect (t - c).
        cvs = []
        for (t, tl, th, c, cl, ch) in ((t3, t3lo, t3hi, s3, s3lo, s3hi), (t6, t6lo, t6hi, s6, s6lo, s6hi)):
            sd_t = sd_from_ci(tl, th) * math.sqrt(n_pat)
            sd_c = sd_from_ci(cl, ch) * math.sqrt(n_pat)
            het = math.sqrt(max(sd_t ** 2 - sd_c ** 2, 0.0))
            cvs.append(het / (t - c))
        facts["patient_cv"] = sum(cvs) / len(cvs)
        facts["patient_cv_each"] = cvs
        facts["maturation_6_over_3"] = (t6 - s6) / (t3 - s3)
    else:
        excluded.append(("alam2014_*", "not in the file: no sham anchor"))

    # IDOJ 2024 (split face): mean qualitative grade 3.53 -> 3.20 on the MN side.
    if "idoj2024_mn" in by_id:
        r = by_id["idoj2024_mn"]
        b, p = float(r["baseline_mean"]), float(r["post_mean"])
        n_pat = patients(r["n_patients"])
        y = 100 * (b - p) / b
        arms.append(Arm(r, "idoj2024", y, PATIENT_SD_PCT / math.sqrt(n_pat), int(num(r["sessions"])), "gb_qualitative",
                        f"mean G&B grade {b} -> {p}"))
    # Sharma (split face, saline side = MN alone): 3.20 -> 2.36; sessions not reported.
    if "sharma_jpad_mn" in by_id:
        r = by_id["sharma_jpad_mn"]
        b, p = float(r["baseline_mean"]), float(r["post_mean"])
        y = 100 * (b - p) / b
        se = 100 * float(r["post_sd"]) / b / math.sqrt(patients(r["n_patients"]))
        arms.append(Arm(r, "sharma_jpad", y, se, N_REF, "gb_qualitative",
                        f"mean G&B grade {b} -> {p}; sessions not reported, {N_REF} assumed (median course)",
                        assumed=True))
    # von Dalwig-Nolda & Ablon 2020: mean improvement 0.91 grade (95% CI 0.78-1.05), 4 sessions;
    # baseline grade not reported: 3 assumed (the trials' typical moderate grade).
    if "vondalwig2020_mn" in by_id:
        r = by_id["vondalwig2020_mn"]
        m = re.search(r"([\d.]+) grade \(95% CI ([\d.]+)-([\d.]+)", r["pct_improvement"])
        d, lo, hi = float(m[1]), float(m[2]), float(m[3])
        arms.append(Arm(r, "vondalwig2020", 100 * d / 3.0, 100 * sd_from_ci(lo, hi) / 3.0, int(num(r["sessions"])),
                        "gb_qualitative", f"mean improvement {d} grade; baseline grade 3 assumed", assumed=True))
    # Sohag: ECCA improved 8.55 % after 6 sessions, n = 10.
    if "sohag_mn" in by_id:
        r = by_id["sohag_mn"]
        y = num(r["pct_improvement"])
        arms.append(Arm(r, "sohag", y, PATIENT_SD_PCT / math.sqrt(patients(r["n_patients"])), int(num(r["sessions"])),
                        "ecca", f"ECCA {y} %"))
    # Fabbrocini 2014: 31 % less surface micro-relief irregularity (silicone replica), 3 sessions, n = 60.
    if "fabbrocini2014_mn" in by_id:
        r = by_id["fabbrocini2014_mn"]
        y = num(r["pct_improvement"])
        arms.append(Arm(r, "fabbrocini2014", y, PATIENT_SD_PCT / math.sqrt(patients(r["n_patients"])),
                        int(num(r["sessions"])), "profilometry", f"micro-relief {y} % (silicone replica)"))

    coded = {a.id for a in arms} | {"alam2014_control"}
    for r in rows:
        if r["id"] in coded:
            continue
        generic = GenericArm(r)
        if generic:
            arms.append(generic)
            continue
        if not r["modality"].startswith("MN monotherapy"):
            continue  # other modalities and combinations: not this model's treatment
        excluded.append((r["id"], exclusion_reason(r)))
    return sham, arms, excluded, facts


# A patient's % change spreads this much (sd, percentage points) when an arm reports no
# spread: Alam 2014's treated side, 3-month visit, sd = se x sqrt(15) over the typical baseline.
PATIENT_SD_PCT = 35.0


def GenericArm(r):
    """A clinic's own (or a new) row: MN monotherapy on the G&B quantitative scale with means."""
    if not r["modality"].startswith("MN monotherapy"):
        return None
    if not r["scale"].lower().startswith("goodman-baron quantitative"):
        return None
    b, p, n_s, n_p = num(r["baseline_mean"]), num(r["post_mean"]), num(r["sessions"]), patients(r["n_patients"])
    if not (b and p is not None and n_s and n_p):
        return None
    sd = num(r["post_sd"]) or (PATIENT_SD_PCT * b / 100)
    return Arm(r, r["id"], 100 * (b - p) / b, 100 * sd / b / math.sqrt(n_p), int(n_s), "gb_quantitative",
               f"G&B quantitative {b} -> {p}")


def exclusion_reason(r):
    if "ambiguous" in r["notes"].lower():
        return "units ambiguous (notes)"
    if not (r["pct_improvement"] or r["post_mean"]):
        if r["responder_breakdown"]:
            return "responder categories only (no score change)"
        return "no outcome value captured"
    return "scale or session count not convertible"


def pool(arms, sham_mean, sham_se):
    """DerSimonian-Laird random-effects pooling of A = (y - sham) / g(n). Returns (A, se_A, tau)."""
    est = [((a.y - sham_mean) / g(a.n), (a.var() + sham_se ** 2) / g(a.n) ** 2) for a in arms]
    w = [1 / v for _, v in est]
    mean_fe = sum(wi * e for wi, (e, _) in zip(w, est)) / sum(w)
    q = sum(wi * (e - mean_fe) ** 2 for wi, (e, _) in zip(w, est))
    c = sum(w) - sum(wi ** 2 for wi in w) / sum(w)
    tau2 = max(0.0, (q - (len(est) - 1)) / c) if len(est) > 1 and c > 0 else 0.0
    wr = [1 / (v + tau2) for _, v in est]
    a = sum(wi * e for wi, (e, _) in zip(wr, est)) / sum(wr)
    return a, math.sqrt(1 / sum(wr)), math.sqrt(tau2)


def scar_mix(rows):
    """Relative response per atrophic scar type (rolling = 1), from the arms that compare types."""
    by_id = {r["id"]: r for r in rows}
    idoj = by_id.get("idoj2024_mn", {}).get("notes", "")
    m = re.search(r"rolling ([\d.]+)%[,;] boxcar ([\d.]+)%", idoj)
    boxcar_idoj = float(m[2]) / float(m[1]) if m else None
    # Lotfi 2013: rolling and boxcar "excellent 20%, good 70%"; ice pick "slight improvement only".
    # Response categories scored at their quartile midpoints (excellent > 75 %: 87.5; good
    # 50-75 %: 62.5; slight < 25 %: 12.5), the rest counted as slight.
    lotfi = by_id.get("lotfi2013_mn", {}).get("responder_breakdown", "")
    m = re.search(r"excellent (\d+)%, good (\d+)%", lotfi)
    rolling_lotfi = (float(m[1]) * 87.5 + float(m[2]) * 62.5 + (100 - float(m[1]) - float(m[2])) * 12.5) / 100
    ice_lotfi = 12.5 / rolling_lotfi
    boxcar = [v for v in (boxcar_idoj, 1.0) if v]  # Lotfi: boxcar responded like rolling
    box = math.exp(sum(math.log(v) for v in boxcar) / len(boxcar))
    box_sd = abs(math.log(boxcar_idoj)) / 2 if boxcar_idoj else 0.7
    return {
        "rolling": (1.0, 0.0, ["vondalwig2020_mn", "fabbrocini2009_mn", "lotfi2013_mn", "idoj2024_mn"]),
        "boxcar": (box, box_sd, ["idoj2024_mn", "lotfi2013_mn"]),
        # IDOJ 2024 says ice pick responded least (below boxcar); Lotfi gives the number.
        "ice_pick": (ice_lotfi, 0.5, ["lotfi2013_mn", "idoj2024_mn", "chakrawarty_mn"]),
    }


def fit(rows):
    baseline = sum(b for b, _ in BASELINES) / len(BASELINES)
    sham, arms, excluded, facts = read_arms(rows, baseline)
    if sham is None:
        sham = {"mean_pct": 0.0, "se_pct": 10.0, "at_6_months_pct": 0.0, "arms": []}
    a, se_a, tau = pool(arms, sham["mean_pct"], sham["se_pct"])
    return {
        "baseline": baseline,
        "sham": sham,
        "arms": arms,
        "excluded": excluded,
        "A": a,
        "se_A": se_a,
        "tau": tau,
        "cv": facts.get("patient_cv", 0.5),
        "cv_each": facts.get("patient_cv_each", []),
        "maturation": facts.get("maturation_6_over_3"),
        "mix": scar_mix(rows),
        "sessions_with_data": sorted({a.n for a in arms}),
    }


def predict_arm(model, arm):
    """80 % interval of an arm's reported mean (not a single patient's result)."""
    mid = model["sham"]["mean_pct"] + model["A"] * g(arm.n)
    var = model["sham"]["se_pct"] ** 2 + (model["se_A"] ** 2 + model["tau"] ** 2) * g(arm.n) ** 2 + arm.var()
    sd = math.sqrt(var)
    return mid - Z80 * sd, mid, mid + Z80 * sd


def cross_validate(rows):
    """Leave one study out: refit without it, predict each of its arms."""
    full = fit(rows)
    out = []
    for study in sorted({a.study for a in full["arms"]}):
        held = [a for a in full["arms"] if a.study == study]
        drop = {a.id for a in held}
        if study == "alam2014":
            drop |= {"alam2014_control"}
        model = fit([r for r in rows if r["id"] not in drop])
        for arm in held:
            lo, mid, hi = predict_arm(model, arm)
            out.append((study, arm, lo, mid, hi, lo <= arm.y <= hi))
    return out


def f(x, d=2):
    return f"{x:.{d}f}"


def render(model, trials_path, digest):
    m = model
    mix = m["mix"]
    arm_ids = [a.id for a in m["arms"]]
    lines = [
        "# The outcome model: expected reduction of the Goodman & Baron quantitative score (in % of",
        "# the patient's baseline) after N sessions, with its 80 % interval. WRITTEN BY",
        "# scripts/fit_outcome_model.py from the trials file: refit, do not edit the fitted part by hand",
        "# (docs/outcome-model.md). The engine only evaluates these numbers:",
        "#   reduction(n) = sham + effect * g(n) * mix * grade * r,  g(n) = (1 - e^(-k n)) / (1 - e^(-k reference_sessions))",
        "# with r the patient's response factor (prior mean 1, sd from `spread`), updated by each",
        "# re-assessment. Factors the trials cannot inform have factor 1 and widen the interval.",
        f"fitted_from: {{file: \"{trials_path}\", sha256: \"{digest}\", arms: [{', '.join(arm_ids)}]}}",
        f"baseline_points: {{value: {f(m['baseline'])}, source: \"Mean of the G&B quantitative baselines reported in MN-family trials: "
        + "; ".join(s for _, s in BASELINES) + "; turns Alam 2014's change in points into a %\"}",
        "sham:",
        f"  mean_pct: {f(m['sham']['mean_pct'])}",
        f"  sd_pct: {f(m['sham']['se_pct'])}",
        f"  arms: [{', '.join(m['sham']['arms'])}]",
        "  source: \"Alam 2014 control hemiface (topical anaesthetic, no needling): +1.0 point at 3 months (95 % CI about -1.4 to 3.4); "
        "regression to the mean and rating drift, part of every prediction\"",
        "effect:",
        f"  mean_pct: {f(m['A'])}",
        f"  se_pct: {f(m['se_A'])}",
        f"  between_study_sd_pct: {f(m['tau'])}",
        f"  reference_sessions: {N_REF}",
        f"  arms: [{', '.join(arm_ids)}]",
        "  source: \"Random-effects pooling (DerSimonian-Laird) of the MN-monotherapy arms with a convertible outcome, beyond the sham, "
        "normalised to 3 sessions; other scales (qualitative grade, ECCA, profilometry) carry an added conversion spread (docs/outcome-model.md)\"",
        "spread:",
        f"  patient_cv: {f(m['cv'])}",
        f"  arms: [alam2014_mn, alam2014_control]",
        "  source: \"Alam 2014: the treated side's change spreads more than the control side's; that excess over the effect, "
        + "at 3 and 6 months (" + ", ".join(f(c) for c in m["cv_each"]) + "), averaged\"",
        "measurement:",
        "  sd_points: 1.70",
        "  source: \"Goodman & Baron 2006 validation: 4 raters within 4 points on 19 of 21 photographs, so one rating's sd is about 4 / 1.645 / sqrt(2) (REFERENCE.md a2)\"",
        "  unverified: true",
        "sessions:",
        f"  rate_per_session: {K_PER_SESSION}",
        f"  with_data: [{', '.join(str(n) for n in m['sessions_with_data'])}]",
        f"  extrapolation_log_sd: {SESSIONS_EXTRAPOLATION_LOG_SD}",
        "  source: \"No dose-response trial (REFERENCE.md f): the curve's shape is a team choice; the interval widens per session away from a count the arms used\"",
        "  unverified: true",
        "scar_mix:",
        "  reference_shares: {ice_pick: 0.34, boxcar: 0.33, rolling: 0.33}",
        "  reference_source: \"The trials do not report their patients' scar mix: equal shares assumed as the trials' typical patient (team choice)\"",
        "  types:",
    ]
    for name in ("ice_pick", "boxcar", "rolling"):
        rel, sd, arms = mix[name]
        lines.append(f"    {name}: {{relative: {f(rel)}, log_sd: {f(sd)}, arms: [{', '.join(arms)}]}}")
    lines += [
        "  source: \"Rolling responds best, boxcar less, ice pick least: IDOJ 2024 MN side rolling 16.18 % vs boxcar 3.74 %; Lotfi 2013 rolling and boxcar "
        "excellent 20 % good 70 %, ice pick slight only (categories at their quartile midpoints); boxcar is the geometric mean of the two studies, "
        "its log_sd half their disagreement\"",
        "  unverified: true",
        "grade:",
        "  factors: {1: {factor: 1.0, log_sd: 0.50}, 2: {factor: 1.0, log_sd: 0.25}, 3: {factor: 1.0, log_sd: 0.0}, 4: {factor: 0.75, log_sd: 0.30}}",
        "  arms: [tirmizi_mn, vondalwig2020_mn]",
        "  source: \"Severe cases reached grade II less often than moderate ones (77.3 % vs 22.7 %, Tirmizi) and improvement was inversely related to severity "
        "(Al Chalabi 2020, REFERENCE.md f), but von Dalwig-Nolda 2020 found it not restricted by baseline grade: grade 4 x0.75 with a wide spread; "
        "grades 1-2 have no trial of their own (wider)\"",
        "  unverified: true",
        "quantitative_score:",
        f"  trial_range: {{min: {min(b for b, _ in BASELINES)}, max: {max(b for b, _ in BASELINES)}}}",
        "  log_sd_per_point_outside: 0.03",
        "  source: \"Baselines of the trials (REFERENCE.md a2): no effect within their range; outside it the interval widens (no data)\"",
        "  unverified: true",
        "fitzpatrick:",
        "  factor: 1.0",
        "  log_sd: 0.10",
        "  arms: [vondalwig2020_mn, fabbrocini2014_mn]",
        "  source: \"No difference in response across skin types (von Dalwig-Nolda & Ablon 2020; Fabbrocini 2014, types I-VI): no effect, a small spread\"",
        "interval:",
        "  reference_days: 28",
        "  log_sd_per_week_away: 0.05",
        "  source: \"No head-to-head interval trial (REFERENCE.md f); trials used 2-6 weeks: no effect, the interval widens away from 4 weeks\"",
        "  unverified: true",
        "adherence:",
        "  log_sd_at_none: 0.30",
        "  source: \"No quantitative data on aftercare adherence (REFERENCE.md f, GAP): no effect, the interval widens as adherence falls\"",
        "  unverified: true",
        f"follow_up_maturation: {{factor: {f(m['maturation'] or 1.0)}, arms: [alam2014_mn, alam2014_control], source: \"Alam 2014: effect beyond sham at 6 months over that at 3 months\"}}",
    ]
    return "\n".join(lines) + "\n"


DEFAULT_CLINIC_SETTINGS = """# ---- clinic settings (kept by the fit script) ----
# Wording of the prediction's explanation; {share} is a whole percentage, {grade}, {score},
# {sessions}, {days}, {count} numbers, {direction} the `faster` or `slower` word.
explain:
  ice_pick_heavy: "ice pick scars are {share} of the atrophic scars: lower expected response"
  rolling_heavy: "rolling scars are {share} of the atrophic scars: higher expected response"
  boxcar_heavy: "boxcar scars are {share} of the atrophic scars: lower expected response"
  severe_grade: "grade {grade} (severe) scars: lower expected response and a wider range"
  mild_grade: "grade {grade} scars: few trials, a wider range"
  score_outside_trials: "a score of {score} points is outside the trials' range: a wider range"
  sessions_outside_trials: "few trials used {sessions} sessions: a wider range"
  interval_away: "sessions {days} days apart (the trials mostly used 28): a wider range"
  low_adherence: "aftercare followed {share} of the time: a wider range"
  typical: "a typical scar mix and severity: the trials' average response"
  updated: "updated from {count} re-assessment(s): this patient responds {direction} than the trials' average"
  faster: "better"
  slower: "less well"
  # A share at or above this counts as "heavy" in the explanation.
  heavy_share: 0.5
  source: "Outcome model fitted from published trial arms (outcome.yaml, docs/outcome-model.md)"
  unverified: true
# When a course is flagged as behind: the observed improvement below the low edge of the
# band the plan predicted, never before `from_session` sessions.
behind:
  from_session: 3
  source: "The seed ('noticeable improvement after three to four treatments'); results are judged 3 months or more after the last session (Minutilli, J Drugs Dermatol 2024, REFERENCE.md c)"
  reason: "improvement {observed} % after session {session} is below the expected range (lowest expected {low} %)"
  suggestions:
    - code: consider_combination
      message: Consider combining needling with another treatment (PRP, a peel, TCA CROSS for ice pick scars, subcision for rolling scars)
      source: "MN + PRP OR 2.97 for >50 % improvement (Kang & Lu 2022); MN + glycolic peel and MN + TCA better than MN alone (Rana 2017; El-Domyati 2018) (REFERENCE.md f)"
    - code: consider_more_sessions
      message: Consider more sessions, up to the protocol's maximum, and review the aftercare
      source: "Trials used 2-6 sessions; 1-4 up to 6-8 by subtype and severity (Minutilli, J Drugs Dermatol 2024) (REFERENCE.md c)"
      unverified: true
  patient:
    too_early: "It is too early to judge the result: skin keeps remodelling for months after each session."
    on_track: "Your progress is within the range we expected."
    ahead: "Your progress is better than we expected. Keep following your aftercare."
    behind: "Your skin is improving more slowly than we hoped so far. This happens, and there are options: your clinician will talk them through with you at your next visit."
# The follow-up visit booked with every series, after the last session.
follow_up:
  min_days_after_last_session: 91
  minutes: 30
  source: "Judge the result 3 months or more after the last session, better after 6-12 months (Minutilli, J Drugs Dermatol 2024, REFERENCE.md c); the 30-minute visit is a team choice"
# ECCA, optional at a re-assessment: each item's weight x a frequency grade 0-3, total 0-540.
ecca:
  max_frequency: 3
  items:
    - {code: v_small, description: "V-shaped (ice pick) scars under 2 mm", weight: 15}
    - {code: u_medium, description: "U-shaped (boxcar) scars 2-4 mm", weight: 20}
    - {code: m_large, description: "M-shaped (rolling) scars over 4 mm", weight: 25}
    - {code: superficial_elastolysis, description: "Superficial elastolysis", weight: 30}
    - {code: hypertrophic_recent, description: "Hypertrophic inflammatory scars (recent)", weight: 40}
    - {code: keloid_older, description: "Keloid or older hypertrophic scars", weight: 50}
  source: "Dreno et al., ECCA (REFERENCE.md a3): weights as usually quoted, not checked against the original paper"
  unverified: true
"""


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--cv", help="write the leave-one-study-out table (markdown) here")
    ap.add_argument("--check", action="store_true", help="fail if --out differs from a refit (reproducibility)")
    args = ap.parse_args(argv)
    with open(args.trials, newline="", encoding="utf-8") as fh:
        text = fh.read()
    rows = list(csv.DictReader(text.splitlines()))
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    model = fit(rows)
    try:
        with open(args.out, encoding="utf-8") as fh:
            old = fh.read()
    except FileNotFoundError:
        old = ""
    tail = old[old.index(MARKER):] if MARKER in old else DEFAULT_CLINIC_SETTINGS
    name = args.trials.replace("\\", "/").split("/")[-1]
    new = render(model, name, digest) + tail
    if args.check:
        if new != old:
            print(f"{args.out} differs from a refit of {args.trials}", file=sys.stderr)
            return 1
    else:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(new)
    summary = (f"sham {f(model['sham']['mean_pct'])} % (se {f(model['sham']['se_pct'])}); effect after {N_REF} sessions "
               f"{f(model['A'])} % (se {f(model['se_A'])}, between-study sd {f(model['tau'])}); patient cv {f(model['cv'])}; "
               f"arms {len(model['arms'])}")
    print(summary)
    if args.cv:
        rows_cv = cross_validate(rows)
        out = ["| held-out study | arm | sessions | scale | reported % | predicted 80 % interval (mid) | width | inside |",
               "|---|---|---|---|---|---|---|---|"]
        for study, arm, lo, mid, hi, inside in rows_cv:
            out.append(f"| {study} | {arm.id} | {arm.n}{' (assumed)' if arm.assumed else ''} | {arm.scale} | {f(arm.y, 1)} | "
                       f"{f(lo, 1)} to {f(hi, 1)} ({f(mid, 1)}) | {f(hi - lo, 1)} | {'yes' if inside else 'no'} |")
        cover = sum(1 for r in rows_cv if r[5]) / len(rows_cv)
        width = sum(r[4] - r[2] for r in rows_cv) / len(rows_cv)
        out.append("")
        out.append(f"Coverage {sum(1 for r in rows_cv if r[5])}/{len(rows_cv)} = {cover:.0%} (nominal 80 %); mean width {width:.1f} points.")
        out.append("")
        out.append("Arms not used by the fit:")
        out.append("")
        for arm_id, why in model["excluded"]:
            out.append(f"- {arm_id}: {why}")
        with open(args.cv, "w", encoding="utf-8") as fh:
            fh.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
