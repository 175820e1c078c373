"""The fatigue model behind S7: the Three-Process Model of Alertness, and how sleep is
inferred from a roster. Constants only; see docs/fatigue.md for the reasoning and limits.

Three-Process Model of Alertness (TPMA): T. Akerstedt and S. Folkard, "The three-process
model of alertness and its extension to performance, sleep latency, and sleep length",
Chronobiology International 14(2):115-123, 1997; S. Folkard and T. Akerstedt, "A
three-process model of the regulation of alertness-sleepiness", in R. J. Broughton and
R. D. Ogilvie (eds.), Sleep, Arousal and Performance, Birkhauser 1992, pp. 11-26; and
T. Akerstedt, S. Folkard and C. Portin, "Predictions from the three-process model of
alertness", Aviation, Space, and Environmental Medicine 75(3 Suppl):A75-A83, 2004.

Alertness ``A = S + C + W`` (time t in hours):
- S, homeostatic: awake it falls towards ``S_LOW``: ``S = S_LOW + (S0 - S_LOW) e^(-S_WAKE_RATE t)``;
  asleep it recovers towards ``S_HIGH``: ``S = S_HIGH - (S_HIGH - S0) e^(-S_SLEEP_RATE t)``.
- C, circadian: ``C = C_AMPLITUDE cos(2 pi (h - C_ACROPHASE) / 24)``, h = local clock hour.
- W, sleep inertia after waking: ``W = W_AMPLITUDE e^(-W_RATE t)``, t = hours since waking.

Sleep is inferred (the model needs it as input): habitual sleep between local
``HABIT_FROM_HOUR`` and ``HABIT_TO_HOUR``, plus a day sleep of ``DAY_SLEEP_MINUTES`` from
``UNWIND_MINUTES`` after getting home from a night shift; minus the time each duty needs
awake: from ``PREP_MINUTES`` before leaving home to ``UNWIND_MINUTES`` after getting back.

The **fatigue score** of a duty is ``round(10 x (SCORE_TOP - A_min))`` (at least 0), where
``A_min`` is the lowest alertness predicted during the shift, sampled every
``SAMPLE_MINUTES`` and at its end. Higher is more fatigued; alertness 7 (score 90) is
where the model's authors place the onset of sleepiness-related risk.
"""

from __future__ import annotations

S_LOW = 2.4  # lower asymptote of S while awake
S_HIGH = 14.3  # upper asymptote of S while asleep
S_WAKE_RATE = 0.0353  # per hour awake
S_SLEEP_RATE = 0.381  # per hour asleep
C_AMPLITUDE = 2.5
C_ACROPHASE = 16.8  # local clock hour of the circadian peak
W_AMPLITUDE = -5.72  # sleep inertia at the moment of waking
W_RATE = 1.51  # per hour since waking

S_START = 14.0  # S at the first simulated 07:00 wake-up (about the 8 h / 16 h steady state)
RUN_IN_DAYS = 2  # the simulation starts at 07:00 this many days before the first duty

HABIT_FROM_HOUR = 23  # habitual sleep, local clock
HABIT_TO_HOUR = 7
PREP_MINUTES = 60  # awake before leaving home for a duty
UNWIND_MINUTES = 30  # awake after getting home from a duty
DAY_SLEEP_MINUTES = 420  # sleep after a night shift

SAMPLE_MINUTES = 10
SCORE_TOP = 16.0  # the top of the alertness scale
SCORE_SCALE = 10.0  # score points per unit of alertness


def score_of(min_alertness: float) -> int:
    """The fatigue score of a duty whose lowest predicted alertness is ``min_alertness``."""
    import math

    return max(0, int(math.floor(SCORE_SCALE * (SCORE_TOP - min_alertness) + 0.5)))
