// Where a model trains: 'cpu' (the default) or 'cuda', the engine's CUDA kernels on this process's first GPU.
import { capabilities } from '@clusterlens/native';
import { UserError } from '@clusterlens/schema';

export const DEVICES = ['cpu', 'cuda'] as const;

export type Device = (typeof DEVICES)[number];

/**
 * How a model's matrix products compute on 'cuda': 'fp32' (the default), or 'tf32' on the GPU's tensor cores (inputs
 * rounded to 10 mantissa bits, a relative error near 1e-3 per product; compute capability 8.0 or newer). The CPU
 * computes in fp32 only.
 */
export const PRECISIONS = ['fp32', 'tf32'] as const;

export type Precision = (typeof PRECISIONS)[number];

/** `precision` as a Precision that `device` computes in, or a DeviceError naming `field`. */
export function checkPrecision(precision: unknown, device: Device, field = 'precision'): Precision {
  if (precision === 'fp32') return precision;
  if (precision !== 'tf32') throw new DeviceError(`${field}: expected one of ${PRECISIONS.join(', ')}, got ${JSON.stringify(precision)}`);
  if (device !== 'cuda') throw new DeviceError(`${field} 'tf32': TF32 runs on device 'cuda' only, and this model is on '${device}'`);
  return precision;
}

/** A device this process cannot train on; the message says why and what to do. */
export class DeviceError extends UserError {}

/** `device` as a Device this process can train on, or a DeviceError naming `field`. */
export function checkDevice(device: unknown, field = 'device'): Device {
  if (device === 'cpu') return device;
  if (device !== 'cuda') throw new DeviceError(`${field}: expected one of ${DEVICES.join(', ')}, got ${JSON.stringify(device)}`);
  if (!capabilities.cudaBuilt) {
    throw new DeviceError(
      `${field} 'cuda': this build of the engine has no CUDA kernels (nvcc was not on PATH when @clusterlens/native ` +
        "was built); install the CUDA toolkit and run `npm run build:addon -w @clusterlens/native`, or use 'cpu'",
    );
  }
  if (capabilities.cudaDevices === 0) {
    const visible = process.env.CUDA_VISIBLE_DEVICES;
    throw new DeviceError(
      `${field} 'cuda': this process sees no CUDA device (no NVIDIA GPU or driver` +
        `${visible === undefined ? '' : `, or CUDA_VISIBLE_DEVICES=${JSON.stringify(visible)} hides it`}); ` +
        "run on a machine with an NVIDIA GPU, or use 'cpu'",
    );
  }
  return device;
}

/** The devices this process can train on: 'cpu', and 'cuda' where the build has CUDA kernels and a GPU is visible. */
export function usableDevices(): Device[] {
  return capabilities.cudaBuilt && capabilities.cudaDevices > 0 ? ['cpu', 'cuda'] : ['cpu'];
}
