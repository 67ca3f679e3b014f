import { Tensor } from '../autodiff/tensor';

/**
 * A hook the forward graphs call after each projection: given the projection's input x, its output y and the name
 * of its weight, returns y or y plus an adapter's contribution (LoRA's scale·B·A·x).
 */
export type LinearAdapter = (x: Tensor, y: Tensor, weightName: string) => Tensor;
