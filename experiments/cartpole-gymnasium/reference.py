"""CartPole-v1 trajectories computed the way Gymnasium 1.x computes them on this machine: float64
state, Python's math.sin/math.cos (the C library's, glibc on Linux), explicit Euler with tau 0.02,
observations rounded to float32. Written for Palestra's comparison (compare.ts); not Gymnasium's code.

Usage: python3 reference.py initial.bin noise.bin out.bin
  initial.bin: float64 [episodes, 4] initial states
  noise.bin:   float64 [episodes, 500] per step: below 0, the policy's own action; else a forced action (0 or 1)
  out.bin:     float64 [episodes, 501, 4] states after 0..500 steps (NaN after termination)
The policy pushes toward the side the pole falls to, from the float32 observation:
action = 1 if theta + 0.5 * thetaDot > 0 else 0, unless noise.bin forces an action at that step
(compare.ts uses the same rule and the same noise).
"""
import math
import sys

import numpy as np

GRAVITY, MASS_CART, MASS_POLE, HALF_LENGTH, FORCE, TAU = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
TOTAL_MASS = MASS_POLE + MASS_CART
POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH
THETA_LIMIT = 12 * 2 * math.pi / 360
X_LIMIT = 2.4


def step(state, action):
    x, x_dot, theta, theta_dot = state
    force = FORCE if action == 1 else -FORCE
    cos_theta = math.cos(theta)
    sin_theta = math.sin(theta)
    temp = (force + POLE_MASS_LENGTH * theta_dot * theta_dot * sin_theta) / TOTAL_MASS
    theta_acc = (GRAVITY * sin_theta - cos_theta * temp) / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos_theta * cos_theta / TOTAL_MASS))
    x_acc = temp - POLE_MASS_LENGTH * theta_acc * cos_theta / TOTAL_MASS
    return (x + TAU * x_dot, x_dot + TAU * x_acc, theta + TAU * theta_dot, theta_dot + TAU * theta_acc)


def main():
    initial = np.fromfile(sys.argv[1], dtype=np.float64).reshape(-1, 4)
    noise = np.fromfile(sys.argv[2], dtype=np.float64).reshape(-1, 500)
    out = np.full((initial.shape[0], 501, 4), np.nan)
    for e, start in enumerate(initial):
        state = tuple(float(v) for v in start)
        out[e, 0] = state
        for t in range(1, 501):
            obs = np.array(state, dtype=np.float32)
            forced = noise[e, t - 1]
            action = int(forced) if forced >= 0 else (1 if float(obs[2]) + 0.5 * float(obs[3]) > 0 else 0)
            state = step(state, action)
            out[e, t] = state
            x, _, theta, _ = state
            if x < -X_LIMIT or x > X_LIMIT or theta < -THETA_LIMIT or theta > THETA_LIMIT:
                break
    out.tofile(sys.argv[3])


main()
