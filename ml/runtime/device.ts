// Execution provider selection: CUDA when a GPU and its libraries are present, else CPU.
// onnxruntime-node ships the CPU provider; the CUDA provider needs an NVIDIA driver plus the CUDA 12
// and cuDNN 9 libraries (onnxruntime-node's install script fetches them unless
// onnxruntime-node-install=skip, which .npmrc sets since installs here are offline). We try CUDA
// when a GPU is visible and fall back to CPU if the session cannot be created, and log which.
import fs from 'node:fs';
import type { InferenceSession } from 'onnxruntime-node';
import type { MlLogger } from './types';

export type Device = 'cuda' | 'cpu';
export type DevicePreference = 'auto' | Device;

export function gpuVisible(): boolean {
  return fs.existsSync('/dev/nvidiactl') || fs.existsSync('/proc/driver/nvidia/version');
}

/** Providers to try, best first. */
export function candidateDevices(pref: DevicePreference = 'auto'): Device[] {
  if (pref === 'cpu') return ['cpu'];
  if (pref === 'cuda') return ['cuda', 'cpu'];
  return gpuVisible() ? ['cuda', 'cpu'] : ['cpu'];
}

/** Tries each device in turn; returns the first that works and logs the choice (and any fallback). */
export async function withDevice<T>(
  what: string,
  pref: DevicePreference,
  log: MlLogger,
  create: (device: Device) => Promise<T>,
): Promise<{ value: T; device: Device }> {
  const devices = candidateDevices(pref);
  let lastError: unknown;
  for (const device of devices) {
    try {
      const value = await create(device);
      log.info({ model: what, device, tried: devices }, `model runs on ${device.toUpperCase()}`);
      return { value, device };
    } catch (err) {
      lastError = err;
      if (device !== 'cpu') log.warn({ model: what, device, err: String(err) }, `${device} unavailable; falling back`);
    }
  }
  throw lastError;
}

/**
 * Threads of a session's intra-op pool, and whether they busy-wait for work between the parallel
 * parts of a run (onnxruntime's default). A server shares its cores with the HTTP stack, the
 * database and the load generator or balancer; pool threads that spin take those cores from them.
 */
export interface Threading {
  threads?: number;
  spinning?: boolean;
}

/** onnxruntime session options for a device and a threading policy (also used for hub models). */
export function threadingOptions({ threads, spinning }: Threading): InferenceSession.SessionOptions {
  if (!threads) return {};
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    ...(threads > 1 && spinning === false ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
  };
}

export function sessionOptions(device: Device, threading: Threading = {}): InferenceSession.SessionOptions {
  return {
    executionProviders: device === 'cuda' ? [{ name: 'cuda' }] : ['cpu'],
    graphOptimizationLevel: 'all',
    ...threadingOptions(threading),
  };
}
