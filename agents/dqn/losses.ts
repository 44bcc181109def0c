import * as tf from '@tensorflow/tfjs';

/**
 * TD targets `r + discount * (1 - terminated) * Q_target(s', a')`, with a' the target network's
 * argmax (DQN) or the online network's (double DQN). Not differentiated.
 *
 * @example const y = tdTargets(rewards, discounts, terminated, targetNext, onlineNext);
 */
export function tdTargets(rewards: tf.Tensor1D, discounts: tf.Tensor1D, terminated: tf.Tensor1D, targetNextQ: tf.Tensor2D, onlineNextQ?: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const nextQ = onlineNextQ
      ? tf.sum(tf.mul(targetNextQ, tf.oneHot(tf.argMax(onlineNextQ, 1) as tf.Tensor1D, targetNextQ.shape[1])), 1)
      : tf.max(targetNextQ, 1);
    return tf.add(rewards, tf.mul(tf.mul(discounts, tf.sub(1, terminated)), nextQ)) as tf.Tensor1D;
  });
}

/**
 * Elementwise Huber loss with delta 1 (torch's smooth_l1): quadratic below 1, linear above.
 *
 * @example huber(tf.tensor1d([0.5, 3])) // [0.125, 2.5]
 */
export function huber(errors: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const absolute = tf.abs(errors);
    const quadratic = tf.minimum(absolute, 1);
    return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(absolute, quadratic)) as tf.Tensor1D;
  });
}
