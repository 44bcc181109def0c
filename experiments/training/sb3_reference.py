"""Stable-Baselines3 side of `npm run bench:training` (issue 17): the same protocol, in Python.

PPO and DQN on CartPole-v1 with the RL Zoo's hyperparameters (the values in configs/), one
PyTorch thread, evaluated every 5,000 env steps over 10 deterministic episodes, stopping when the
mean reaches 475 (EvalCallback + StopTrainingOnRewardThreshold). Wall-clock time covers
model.learn() including evaluation. Prints one line per run, then a JSON line:
{"ppo-cartpole": [{"seed": 0, "steps": ..., "seconds": ...}, ...], "dqn-cartpole": [...]}

    python3 -m venv .venv
    .venv/bin/pip install 'torch==2.13.0+cpu' gymnasium numpy cloudpickle \
        --extra-index-url https://download.pytorch.org/whl/cpu
    .venv/bin/pip install stable-baselines3     # or, where PyPI lacks it, from a checkout:
    git clone https://github.com/DLR-RM/stable-baselines3 && .venv/bin/pip install --no-deps ./stable-baselines3
    .venv/bin/python experiments/training/sb3_reference.py --runs ppo-cartpole,dqn-cartpole --seeds 0,1,2
    npm run bench:training -- --sb3 .venv/bin/python

MinAtar's DQN reference is MinAtar's own examples/dqn.py, run by minatar_reference.py
(`--minatar-examples` of the benchmark).
"""
import argparse
import json
import time

import gymnasium as gym
import torch
from stable_baselines3 import DQN, PPO
from stable_baselines3.common.callbacks import EvalCallback, StopTrainingOnRewardThreshold
from stable_baselines3.common.env_util import make_vec_env

EVAL_EVERY = 5_000
EVAL_EPISODES = 10
THRESHOLD = 475


def linear(initial):
    return lambda progress_remaining: progress_remaining * initial


def ppo(seed):
    env = make_vec_env("CartPole-v1", n_envs=8, seed=seed)
    model = PPO(
        "MlpPolicy", env, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20,
        ent_coef=0.0, learning_rate=linear(1e-3), clip_range=linear(0.2), seed=seed, device="cpu", verbose=0,
    )
    return model, env.num_envs, 100_000


def dqn(seed):
    env = make_vec_env("CartPole-v1", n_envs=1, seed=seed)
    model = DQN(
        "MlpPolicy", env, learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1000,
        gamma=0.99, target_update_interval=10, train_freq=256, gradient_steps=128, exploration_fraction=0.16,
        exploration_final_eps=0.04, policy_kwargs=dict(net_arch=[256, 256]), seed=seed, device="cpu", verbose=0,
    )
    return model, 1, 50_000


BUILDERS = {"ppo-cartpole": ppo, "dqn-cartpole": dqn}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", default="ppo-cartpole,dqn-cartpole")
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    torch.set_num_threads(1)
    results = {}
    for run in args.runs.split(","):
        results[run] = []
        for seed in [int(s) for s in args.seeds.split(",")]:
            model, n_envs, budget = BUILDERS[run](seed)
            eval_env = gym.make("CartPole-v1")
            stop = StopTrainingOnRewardThreshold(reward_threshold=THRESHOLD, verbose=0)
            evaluator = EvalCallback(
                eval_env, callback_on_new_best=stop, eval_freq=max(EVAL_EVERY // n_envs, 1),
                n_eval_episodes=EVAL_EPISODES, deterministic=True, verbose=0,
            )
            started = time.perf_counter()
            model.learn(total_timesteps=budget, callback=evaluator)
            seconds = time.perf_counter() - started
            results[run].append({"seed": seed, "steps": int(model.num_timesteps), "seconds": seconds})
            print(f"{run} seed {seed}: {model.num_timesteps} steps in {seconds:.1f} s", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
