"""Reads of the surveys app: scoped rounds, results per unit / period / element / item, free text, trends, and the
feed for other apps (:func:`unit_satisfaction`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from cchc.org import access
from cchc.surveys import stats
from cchc.surveys.freetext import keyword_counts, matches
from cchc.surveys.models import Answer, Item, PaperEntry, Questionnaire, Round, Section


def rounds_for(user, *, for_edit: bool = False):
    qs = Round.objects.select_related("unit", "version__questionnaire")
    return access.scope_units(user, qs, for_edit=for_edit).annotate(
        n_responses=Count("responses", distinct=True))


def round_for(user, pk: int, *, for_edit: bool = False) -> Round:
    """One round through the unit scope: another unit's round is a 404."""
    return access.get_unit_scoped_or_404(
        user, Round.objects.select_related("unit", "version__questionnaire"), for_edit=for_edit, pk=pk)


def code_counts(rnd: Round) -> dict:
    return rnd.codes.aggregate(total=Count("id"), used=Count("id", filter=Q(used_at__isnull=False)))


def channel_counts(rnd: Round) -> list[tuple[str, int]]:
    from cchc.surveys.models import Response

    labels = dict(Response.Channel.choices)
    return [(labels[c], n) for c, n in rnd.responses.values_list("channel").annotate(n=Count("id")).order_by("channel")]


def paper_counts(rnd: Round) -> dict:
    return dict(PaperEntry.objects.filter(round=rnd).values_list("status").annotate(n=Count("id")))


@dataclass
class Row:
    """One line of the results table."""

    unit_id: int
    unit_name: str
    period: str  # code: 2025Q1 or 2025
    result: stats.GroupResult
    points: float | None
    max_points: float | None
    method: stats.Method

    @property
    def period_label(self) -> str:
        from cchc.core.periods import Period

        return Period.parse(self.period).label


def _group_key(rnd: Round, by: str):
    if by == "year":
        return (rnd.unit_id, str(rnd.year))
    return (rnd.unit_id, rnd.period_code)


def satisfaction_results(rounds, *, by: str = "period") -> tuple[list[Row], dict[str, str], dict[str, str]]:
    """Satisfaction per (unit, quarter) — or per (unit, year) with ``by="year"`` — over ``rounds`` (already scoped).

    Returns (rows, element titles by code, item texts by code). The method (threshold, sample rule) is the one of
    the newest questionnaire version among a group's rounds; the population of a group is the sum of its rounds'
    populations (unknown if any round lacks it)."""
    rounds = list(rounds.select_related("unit", "version"))
    if not rounds:
        return [], {}, {}
    group_of = {r.pk: _group_key(r, by) for r in rounds}
    pops: dict = defaultdict(list)
    methods: dict = {}
    versions: dict = {}
    for r in sorted(rounds, key=lambda r: (r.version.published_at or r.version.created_at, r.pk)):
        g = group_of[r.pk]
        pops[g].append(r.population)
        methods[g] = r.version.method  # the newest version's method wins
        versions[g] = r.version_id
    populations = {g: (None if None in ps else sum(ps)) for g, ps in pops.items()}
    obs_rows = Answer.objects.filter(response__round__in=[r.pk for r in rounds], value__isnull=False,
                                     item__kind=Item.Kind.LIKERT5, item__measure=Item.Measure.SATISFACTION) \
        .values_list("response__round_id", "response_id", "item__section__code", "item__code", "value")
    per_method: dict = defaultdict(list)
    for round_id, resp_id, element, item, value in obs_rows.iterator(chunk_size=5000):
        g = group_of[round_id]
        per_method[g].append(stats.Obs(g, resp_id, element, f"{element}/{item}", value))
    aggregated: dict = {}
    for g, obs in per_method.items():
        aggregated.update(stats.aggregate(obs, methods[g], {g: populations.get(g)}))
    weights: dict = defaultdict(dict)
    titles: dict[str, str] = {}
    texts: dict[str, str] = {}
    version_ids = {r.version_id for r in rounds}
    for s in Section.objects.filter(version_id__in=version_ids).order_by("version__number"):
        titles[s.code] = s.title
        for g, vid in versions.items():
            if vid == s.version_id:
                weights[g][s.code] = s.weight
    for it in Item.objects.filter(section__version_id__in=version_ids).select_related("section"):
        texts[f"{it.section.code}/{it.code}"] = it.text
    names = {r.unit_id: r.unit.name for r in rounds}
    out = []
    for g in sorted({group_of[r.pk] for r in rounds}, key=lambda g: (names[g[0]], g[1])):
        res = aggregated.get(g) or stats.GroupResult(g, sample=stats.sample_check(0, populations.get(g), methods[g]))
        pcts = {e: s.pct for e, s in res.elements.items()}
        w = {e: v for e, v in weights[g].items() if v}
        points, maximum = stats.index_points(pcts, w) if w else (None, None)
        if not maximum:
            points = maximum = None
        out.append(Row(g[0], names[g[0]], g[1], res, points, maximum, methods[g]))
    return out, titles, texts


def unit_satisfaction(unit_ids, year: int, *, kind: str = Questionnaire.Kind.SERVICE) -> dict[int, dict]:
    """For the index assessment: per unit, the year's satisfaction % over its rounds of ``kind`` (default: the
    SIPAS service questionnaire), n, margin of error, whether the sample rule is met (with the reasons when not),
    and the index points (Σ element % × weight / 100) with their maximum. Units without rounds are absent.
    Not scoped: the caller (a service of another app) has already checked who may see these units."""
    rounds = Round.objects.filter(unit_id__in=list(unit_ids), year=year, version__questionnaire__kind=kind)
    rows, _titles, _texts = satisfaction_results(rounds, by="year")
    out = {}
    for r in rows:
        o = r.result.overall
        sample = r.result.sample
        out[r.unit_id] = {
            "pct": o.pct if o else None, "n": r.result.responses, "moe": o.moe if o else None,
            "sample_met": bool(sample and sample.met), "reasons": list(sample.reasons if sample else ()),
            "population": sample.population if sample else None,
            "elements": {e: s.pct for e, s in r.result.elements.items()},
            "points": r.points, "max_points": r.max_points,
        }
    return out


def free_texts(rounds, query: str = "", limit: int = 500) -> tuple[list[dict], list[tuple[str, int]]]:
    """Free-text answers of ``rounds`` (newest first) filtered by ``query`` (diacritic-insensitive), and the
    keyword counts of all of them."""
    qs = Answer.objects.filter(response__round__in=rounds, item__kind=Item.Kind.TEXT).exclude(text="") \
        .select_related("item", "response__round__unit").order_by("-response__submitted_on", "-pk")
    rows = [{"text": a.text, "item": a.item.text, "unit": a.response.round.unit.name,
             "date": a.response.submitted_on} for a in qs[:5000]]
    keywords = keyword_counts(r["text"] for r in rows)
    if query:
        rows = [r for r in rows if matches(r["text"], query)]
    return rows[:limit], keywords


def choice_counts(rounds) -> list[dict]:
    """Counts of each option of the choice items (perception, expectations, general information)."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    items: dict = {}
    for item_id, text, choices, chosen in Answer.objects.filter(
            response__round__in=rounds, item__kind__in=[Item.Kind.SINGLE, Item.Kind.MULTIPLE]) \
            .values_list("item_id", "item__text", "item__choices", "choices"):
        items[item_id] = (text, choices)
        for c in chosen or []:
            counts[item_id][c] += 1
    out = []
    for item_id, (text, choices) in items.items():
        total = sum(counts[item_id].values())
        out.append({"item": text, "options": [(c, counts[item_id].get(c, 0)) for c in choices], "total": total})
    return out


def satisfaction_overview(user) -> dict | None:
    """The home page's headline figure of the satisfaction surveys: the newest year with answers to the service
    questionnaire (SIPAS) in the rounds the user may see — the units' satisfaction % weighted by their answers, the
    answers and the units (one unit: its own %)."""
    rounds = rounds_for(user).filter(version__questionnaire__kind=Questionnaire.Kind.SERVICE, n_responses__gt=0)
    year = rounds.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return None
    rows = [r for r in satisfaction_results(rounds.filter(year=year), by="year")[0]
            if r.result.overall and r.result.overall.pct is not None]
    answers = sum(r.result.responses for r in rows)
    if not answers:
        return None
    pct = sum(r.result.overall.pct * r.result.responses for r in rows) / answers
    return {"year": year, "pct": pct, "answers": answers, "units": len(rows),
            "unit": rows[0].unit_name if len(rows) == 1 else ""}
