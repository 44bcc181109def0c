import * as tf from '@tensorflow/tfjs';
import { nativeAddonStatus } from '../backend/native/addon.js';
import { CENTERED_RMSPROP_KERNEL_NAME, type CenteredRmsPropKernelAttrs } from '../backend/native/kernels/centered-rmsprop.js';
import { ownedArray, unshared } from './adam.js';

/** A tensor with the name it is saved under (what Optimizer.getWeights returns). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** The two running averages centered RMSprop keeps for one variable. */
interface Slot {
  name: string;
  meanSquare: tf.Variable;
  meanGradient: tf.Variable;
}

/**
 * Centered RMSprop (Graves 2013; the optimiser of the Nature DQN and the MinAtar paper):
 *
 *   ms = rho ms + (1 - rho) g^2,   mg = rho mg + (1 - rho) g,   x -= lr g / sqrt(ms - mg^2 + eps)
 *
 * Written here because TensorFlow.js 4.22's centered RMSprop subtracts epsilon inside the root
 * (sqrt(ms - mg^2 - eps)), which goes NaN once the gradient variance falls below epsilon.
 * Slots follow the order of the variables given to `applyGradients`, as tfjs's Adam does, so
 * `getWeights`/`setWeights` save and restore them for `--resume`. On the native backend the
 * whole update of a variable is one fused kernel, on webgpu three shaders (same maths, same
 * operation order).
 *
 * @example const optimizer = new CenteredRmsProp(2.5e-4, 0.95, 0.01);
 */
export class CenteredRmsProp extends tf.Optimizer {
  static readonly className = 'PalestraCenteredRMSProp';

  private slots: Slot[] = [];

  constructor(
    /** Public so that learning-rate schedules can set it. */
    public learningRate: number,
    readonly decay: number,
    readonly epsilon: number,
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const fused = tf.getKernel(CENTERED_RMSPROP_KERNEL_NAME, tf.getBackend()) !== undefined;
    named.forEach(({ name, tensor: gradient }, index) => {
      const variable = tf.engine().registeredVariables[name]!;
      const slot = (this.slots[index] ??= {
        name,
        meanSquare: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
        meanGradient: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      });
      if (fused) {
        this.fusedUpdate(variable, slot, gradient);
        return;
      }
      tf.tidy(() => {
        const meanSquare = slot.meanSquare.mul(this.decay).add(gradient.square().mul(1 - this.decay));
        const meanGradient = slot.meanGradient.mul(this.decay).add(gradient.mul(1 - this.decay));
        const scale = meanSquare.sub(meanGradient.square()).add(this.epsilon).sqrt();
        slot.meanSquare.assign(meanSquare);
        slot.meanGradient.assign(meanGradient);
        variable.assign(variable.sub(gradient.mul(this.learningRate).div(scale)));
      });
    });
    this.incrementIterations();
  }

  /**
   * The update from gradients held as plain arrays (fused training steps, src/nn/fused-step.ts),
   * one native call per variable and no tfjs kernels: the running averages change in place, and
   * so does a variable whose buffer no other tensor shares (a target network copied from it gets
   * a fresh array instead). Returns false, doing nothing, off the native backend or with an addon
   * that predates it: the caller then applies tensors.
   */
  applyGradientArrays(variables: readonly tf.Variable[], gradients: readonly Float32Array[]): boolean {
    const status = nativeAddonStatus();
    if (tf.getBackend() !== 'native' || !status.available || typeof status.addon.centeredRmsPropInPlace !== 'function') return false;
    const addon = status.addon;
    // tfjs turns `1 - decay` into a float32 scalar; Math.fround rounds it the same way.
    const hyper = [this.learningRate, this.decay, Math.fround(1 - this.decay), this.epsilon];
    variables.forEach((variable, index) => {
      const slot = (this.slots[index] ??= {
        name: variable.name,
        meanSquare: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
        meanGradient: tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      });
      const meanSquare = ownedArray(slot.meanSquare);
      const meanGradient = ownedArray(slot.meanGradient);
      const value = variable.dataSync() as Float32Array;
      if (unshared(variable)) {
        addon.centeredRmsPropInPlace!(value, meanSquare, meanGradient, gradients[index]!, value, hyper);
      } else {
        const newValue = new Float32Array(value.length);
        addon.centeredRmsPropInPlace!(value, meanSquare, meanGradient, gradients[index]!, newValue, hyper);
        tf.tidy(() => variable.assign(tf.tensor(newValue, variable.shape, 'float32')));
      }
    });
    this.incrementIterations();
    return true;
  }

  /** The native kernel's update: new arrays, not in-place writes, since a variable's buffer may be shared. */
  private fusedUpdate(variable: tf.Variable, slot: Slot, gradient: tf.Tensor): void {
    const attrs: CenteredRmsPropKernelAttrs = { learningRate: this.learningRate, decay: this.decay, epsilon: this.epsilon };
    tf.tidy(() => {
      const inputs = { value: variable, meanSquare: slot.meanSquare, meanGradient: slot.meanGradient, gradient };
      const [value, meanSquare, meanGradient] = tf.engine().runKernel(CENTERED_RMSPROP_KERNEL_NAME, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      slot.meanSquare.assign(meanSquare!);
      slot.meanGradient.assign(meanGradient!);
      variable.assign(value!);
    });
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const averages = this.slots.flatMap((slot) => [
      { name: `${slot.name}/ms`, tensor: slot.meanSquare as tf.Tensor },
      { name: `${slot.name}/mg`, tensor: slot.meanGradient as tf.Tensor },
    ]);
    return [await this.saveIterations(), ...averages];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const averages = await this.extractIterations(weightValues);
    this.disposeSlots();
    for (let i = 0; i + 1 < averages.length; i += 2) {
      this.slots.push({
        name: averages[i]!.name.replace(/\/ms$/, ''),
        meanSquare: tf.variable(averages[i]!.tensor, false),
        meanGradient: tf.variable(averages[i + 1]!.tensor, false),
      });
    }
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, decay: this.decay, epsilon: this.epsilon };
  }

  override dispose(): void {
    super.dispose();
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const slot of this.slots) {
      slot.meanSquare.dispose();
      slot.meanGradient.dispose();
    }
    this.slots = [];
  }
}
