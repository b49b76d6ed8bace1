// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the raw little-endian data. Only what representations need is read.
import { readFile } from 'node:fs/promises';

export interface SafetensorsTensor {
  dtype: string;
  shape: number[];
  /** Values converted to float64 (F32, F16, F64) or exact integers (I32, I64 within 2^53, U8, I8). */
  values: Float64Array;
}

export interface SafetensorsFile {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function decode(dtype: string, bytes: Buffer, count: number, where: string): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  const size: Record<string, number> = { F64: 8, F32: 4, F16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1 };
  if (!(dtype in size)) throw new RangeError(`${where}: dtype ${dtype} is not supported (F32, F16, F64, I64, I32, I16, I8, U8 are)`);
  if (bytes.byteLength !== count * size[dtype]) throw new RangeError(`${where}: ${bytes.byteLength} bytes for ${count} ${dtype} values`);
  for (let i = 0; i < count; i++) {
    switch (dtype) {
      case 'F64': out[i] = view.getFloat64(i * 8, true); break;
      case 'F32': out[i] = view.getFloat32(i * 4, true); break;
      case 'F16': out[i] = halfToFloat(view.getUint16(i * 2, true)); break;
      case 'I64': out[i] = Number(view.getBigInt64(i * 8, true)); break;
      case 'I32': out[i] = view.getInt32(i * 4, true); break;
      case 'I16': out[i] = view.getInt16(i * 2, true); break;
      case 'I8': out[i] = view.getInt8(i); break;
      default: out[i] = view.getUint8(i);
    }
  }
  return out;
}

export async function readSafetensors(file: string): Promise<SafetensorsFile> {
  const buffer = await readFile(file);
  if (buffer.byteLength < 8) throw new RangeError(`${file}: too short for a safetensors file`);
  const headerLength = Number(buffer.readBigUInt64LE(0));
  if (8 + headerLength > buffer.byteLength) throw new RangeError(`${file}: header length ${headerLength} runs past the end of the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buffer.subarray(8, 8 + headerLength).toString('utf8'));
  } catch (error) {
    throw new RangeError(`${file}: the header is not JSON (${(error as Error).message})`);
  }
  const data = buffer.subarray(8 + headerLength);
  const tensors = new Map<string, SafetensorsTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (entry ?? {}) as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const count = shape.reduce((a, b) => a * b, 1);
    tensors.set(name, { dtype, shape, values: decode(dtype, data.subarray(offsets[0], offsets[1]), count, `${file}: tensor ${name}`) });
  }
  return { tensors, metadata };
}
