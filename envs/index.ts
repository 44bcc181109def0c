/**
 * Registers Palestra's built-in environments: one `register.ts` per family.
 * `src/index.ts` imports this file, so `make('CartPole-v1')` works after
 * `import { make } from 'palestra'`.
 */
import './cartpole/register.js';
import './minatar/register.js';
import './driving/register.js';
import './drone/register.js';
import './multi-robot/register.js';
