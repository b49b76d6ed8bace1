/**
 * Reader and writer for the safetensors format (https://github.com/huggingface/safetensors):
 *
 *   [u64 little-endian N][N bytes of JSON header, space-padded][data section]
 *
 * The header maps each tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets relative to the data
 * section) plus an optional "__metadata__" object of string -> string. The writer reproduces the byte layout of
 * Hugging Face's reference implementation, and the reader enforces the same rules it does.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';

export type DType = 'F32' | 'I32' | 'I64' | 'F64' | 'U8';
export type TensorData = Float32Array | Int32Array | Float64Array | BigInt64Array | Uint8Array;

export interface Tensor {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

export interface SafetensorsContents {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

export type TensorCollection = Map<string, Tensor> | Record<string, Tensor>;

export class SafetensorsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SafetensorsError';
  }
}

interface DTypeSpec {
  itemSize: number;
  /**
   * Position in the Rust crate's `Dtype` enum. Hugging Face writes tensors in descending enum order, which puts
   * wider types first so every tensor starts at a multiple of its item size; we copy that to match its files.
   */
  enumIndex: number;
  arrayName: string;
  isArray(data: unknown): boolean;
  fromBuffer(buffer: ArrayBuffer): TensorData;
}

const DTYPES: Record<DType, DTypeSpec> = {
  U8: {
    itemSize: 1,
    enumIndex: 1,
    arrayName: 'Uint8Array',
    isArray: (data) => data instanceof Uint8Array,
    fromBuffer: (buffer) => new Uint8Array(buffer),
  },
  I32: {
    itemSize: 4,
    enumIndex: 9,
    arrayName: 'Int32Array',
    isArray: (data) => data instanceof Int32Array,
    fromBuffer: (buffer) => new Int32Array(buffer),
  },
  F32: {
    itemSize: 4,
    enumIndex: 11,
    arrayName: 'Float32Array',
    isArray: (data) => data instanceof Float32Array,
    fromBuffer: (buffer) => new Float32Array(buffer),
  },
  F64: {
    itemSize: 8,
    enumIndex: 12,
    arrayName: 'Float64Array',
    isArray: (data) => data instanceof Float64Array,
    fromBuffer: (buffer) => new Float64Array(buffer),
  },
  I64: {
    itemSize: 8,
    enumIndex: 13,
    arrayName: 'BigInt64Array',
    isArray: (data) => data instanceof BigInt64Array,
    fromBuffer: (buffer) => new BigInt64Array(buffer),
  },
};

/** Half-precision dtypes are readable (JavaScript has no 16-bit float array), widened losslessly to F32. */
const WIDENED_TO_F32: Record<string, (buffer: ArrayBuffer) => Float32Array> = {
  F16: (buffer) => Float32Array.from(new Uint16Array(buffer), float16BitsToNumber),
  BF16: bfloat16ToFloat32,
};

const HALF_ITEM_SIZE = 2;
const LENGTH_PREFIX_BYTES = 8;
const HEADER_ALIGNMENT = 8;
const METADATA_KEY = '__metadata__';

/** Typed arrays use the host's byte order, and safetensors data is little-endian. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface ReadCodec {
  itemSize: number;
  dtype: DType;
  decode(buffer: ArrayBuffer): TensorData;
}

interface HeaderEntry {
  name: string;
  codec: ReadCodec;
  shape: number[];
  begin: number;
  end: number;
}

export function parseSafetensors(bytes: Uint8Array): SafetensorsContents {
  assertLittleEndianHost();
  const { header, dataStart } = readHeader(bytes);
  const dataLength = bytes.length - dataStart;
  const { metadata, entries } = interpretHeader(header, dataLength);
  const ordered = sortByOffset(entries);
  checkContiguous(ordered, dataLength);
  const tensors = new Map<string, Tensor>();
  for (const entry of ordered) {
    tensors.set(entry.name, decodeTensor(bytes, dataStart, entry));
  }
  return { tensors, metadata };
}

export function serializeSafetensors(tensors: TensorCollection, metadata: Record<string, string> = {}): Uint8Array {
  assertLittleEndianHost();
  const ordered = orderForWriting(collectEntries(tensors));
  const layout = assignOffsets(ordered);
  const header = padHeader(new TextEncoder().encode(headerJson(layout, checkMetadata(metadata))));
  const dataStart = LENGTH_PREFIX_BYTES + header.length;
  const dataLength = layout.length === 0 ? 0 : layout[layout.length - 1].end;
  const out = new Uint8Array(dataStart + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, LENGTH_PREFIX_BYTES);
  for (const { tensor, begin } of layout) {
    out.set(rawBytes(tensor.data), dataStart + begin);
  }
  return out;
}

export async function readSafetensors(file: string): Promise<SafetensorsContents> {
  const bytes = await readFile(file);
  try {
    return parseSafetensors(bytes);
  } catch (error) {
    if (error instanceof SafetensorsError) throw new SafetensorsError(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Writes to `${file}.tmp` and renames it over `file`, so readers never see a partly written checkpoint. */
export async function writeSafetensors(
  file: string,
  tensors: TensorCollection,
  metadata?: Record<string, string>,
): Promise<void> {
  const bytes = serializeSafetensors(tensors, metadata);
  const temporary = `${file}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------- reading

function readHeader(bytes: Uint8Array): { header: unknown; dataStart: number } {
  if (bytes.length < LENGTH_PREFIX_BYTES) {
    throw new SafetensorsError(
      `truncated file: ${bytes.length} bytes is too short to hold the 8-byte header length`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declaredLength = view.getBigUint64(0, true);
  const available = bytes.length - LENGTH_PREFIX_BYTES;
  if (declaredLength > BigInt(available)) {
    throw new SafetensorsError(
      `header length ${declaredLength} exceeds the file size (${available} bytes follow the length prefix): ` +
        'the file is truncated or is not safetensors',
    );
  }
  const dataStart = LENGTH_PREFIX_BYTES + Number(declaredLength);
  const text = decodeHeaderText(bytes.subarray(LENGTH_PREFIX_BYTES, dataStart));
  return { header: parseHeaderJson(text), dataStart };
}

function decodeHeaderText(bytes: Uint8Array): string {
  try {
    // ignoreBOM keeps a byte-order mark in the text so it is rejected as JSON, as the reference reader does.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
}

function parseHeaderJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(`header is not valid JSON: ${(error as Error).message}`);
  }
}

function interpretHeader(
  header: unknown,
  dataLength: number,
): { metadata: Record<string, string>; entries: HeaderEntry[] } {
  if (!isPlainObject(header)) throw new SafetensorsError('header must be a JSON object');
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) metadata = readMetadata(value);
    else entries.push(readEntry(name, value, dataLength));
  }
  return { metadata, entries };
}

function readMetadata(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) throw new SafetensorsError(`"${METADATA_KEY}" must be an object of strings`);
  const metadata: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new SafetensorsError(`"${METADATA_KEY}" value for ${JSON.stringify(key)} must be a string, got ${typeof item}`);
    }
    metadata[key] = item;
  }
  return metadata;
}

function readEntry(name: string, value: unknown, dataLength: number): HeaderEntry {
  const where = `tensor ${JSON.stringify(name)}`;
  if (!isPlainObject(value)) throw new SafetensorsError(`${where}: entry must be an object`);
  const codec = readCodec(where, value.dtype);
  const shape = readShape(where, value.shape);
  const [begin, end] = readOffsets(where, value.data_offsets);
  if (end > dataLength) {
    throw new SafetensorsError(
      `${where}: data_offsets [${begin}, ${end}] run past the end of the ${dataLength}-byte data section ` +
        '(truncated file or corrupt header)',
    );
  }
  const expectedBytes = elementCount(shape) * codec.itemSize;
  if (end - begin !== expectedBytes) {
    throw new SafetensorsError(
      `${where}: data_offsets [${begin}, ${end}] span ${end - begin} bytes, ` +
        `but shape [${shape.join(', ')}] of ${String(value.dtype)} needs ${expectedBytes}`,
    );
  }
  return { name, codec, shape, begin, end };
}

function readCodec(where: string, dtype: unknown): ReadCodec {
  if (typeof dtype === 'string' && Object.hasOwn(DTYPES, dtype)) {
    const spec = DTYPES[dtype as DType];
    return { itemSize: spec.itemSize, dtype: dtype as DType, decode: spec.fromBuffer };
  }
  if (typeof dtype === 'string' && Object.hasOwn(WIDENED_TO_F32, dtype)) {
    return { itemSize: HALF_ITEM_SIZE, dtype: 'F32', decode: WIDENED_TO_F32[dtype] };
  }
  const supported = [...Object.keys(DTYPES), ...Object.keys(WIDENED_TO_F32)].join(', ');
  throw new SafetensorsError(`${where}: unknown dtype ${JSON.stringify(dtype)} (supported: ${supported})`);
}

function readShape(where: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw new SafetensorsError(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

function readOffsets(where: string, offsets: unknown): [number, number] {
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every(isNonNegativeInteger) ||
    offsets[0] > offsets[1]
  ) {
    throw new SafetensorsError(
      `${where}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`,
    );
  }
  return [offsets[0], offsets[1]];
}

function sortByOffset(entries: HeaderEntry[]): HeaderEntry[] {
  return [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
}

/** Like the reference reader, require the tensors to tile the data section exactly: no overlap, gap or tail. */
function checkContiguous(ordered: HeaderEntry[], dataLength: number): void {
  let cursor = 0;
  let previous: HeaderEntry | undefined;
  for (const entry of ordered) {
    if (previous && entry.begin < cursor) {
      throw new SafetensorsError(
        `tensors ${JSON.stringify(previous.name)} [${previous.begin}, ${previous.end}] and ` +
          `${JSON.stringify(entry.name)} [${entry.begin}, ${entry.end}] overlap`,
      );
    }
    if (entry.begin > cursor) {
      throw new SafetensorsError(
        `data section has a ${entry.begin - cursor}-byte gap before tensor ${JSON.stringify(entry.name)} ` +
          `at offset ${cursor}; tensors must be stored contiguously`,
      );
    }
    cursor = entry.end;
    previous = entry;
  }
  if (cursor !== dataLength) {
    throw new SafetensorsError(
      `data section has ${dataLength - cursor} bytes after the last tensor (tensors end at ${cursor}, ` +
        `data section is ${dataLength} bytes)`,
    );
  }
}

/** Copies into a fresh buffer so the typed array is aligned whatever the tensor's position in the file. */
function decodeTensor(bytes: Uint8Array, dataStart: number, entry: HeaderEntry): Tensor {
  const buffer = new ArrayBuffer(entry.end - entry.begin);
  new Uint8Array(buffer).set(bytes.subarray(dataStart + entry.begin, dataStart + entry.end));
  return { dtype: entry.codec.dtype, shape: entry.shape, data: entry.codec.decode(buffer) };
}

function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** bfloat16 is the top half of a float32, so widening is a 16-bit shift. */
function bfloat16ToFloat32(buffer: ArrayBuffer): Float32Array {
  const halves = new Uint16Array(buffer);
  const words = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) words[i] = halves[i] << 16;
  return new Float32Array(words.buffer);
}

// ---------------------------------------------------------------------------------------------- writing

interface NamedTensor {
  name: string;
  tensor: Tensor;
}

interface PlacedTensor extends NamedTensor {
  begin: number;
  end: number;
}

function collectEntries(tensors: TensorCollection): NamedTensor[] {
  const pairs = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  return pairs.map(([name, tensor]) => {
    checkWritable(name, tensor);
    return { name, tensor };
  });
}

function checkWritable(name: string, tensor: Tensor): void {
  const where = `tensor ${JSON.stringify(name)}`;
  if (name === METADATA_KEY) throw new SafetensorsError(`"${METADATA_KEY}" is reserved and cannot name a tensor`);
  if (!Object.hasOwn(DTYPES, tensor.dtype)) {
    throw new SafetensorsError(
      `${where}: unknown dtype ${JSON.stringify(tensor.dtype)} (writable: ${Object.keys(DTYPES).join(', ')})`,
    );
  }
  if (!Array.isArray(tensor.shape) || !tensor.shape.every(isNonNegativeInteger)) {
    throw new SafetensorsError(`${where}: shape must be an array of non-negative integers`);
  }
  const spec = DTYPES[tensor.dtype];
  if (!spec.isArray(tensor.data)) {
    throw new SafetensorsError(`${where}: dtype ${tensor.dtype} needs a ${spec.arrayName}, got ${typeName(tensor.data)}`);
  }
  const expected = elementCount(tensor.shape);
  if (tensor.data.length !== expected) {
    throw new SafetensorsError(
      `${where}: shape [${tensor.shape.join(', ')}] holds ${expected} elements but data has ${tensor.data.length}`,
    );
  }
}

function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new SafetensorsError(`metadata value for ${JSON.stringify(key)} must be a string, got ${typeof value}`);
    }
  }
  return metadata;
}

/** Hugging Face's order: widest dtype first, then by name in byte order (Rust compares UTF-8 bytes). */
function orderForWriting(entries: NamedTensor[]): NamedTensor[] {
  return [...entries].sort(
    (a, b) =>
      DTYPES[b.tensor.dtype].enumIndex - DTYPES[a.tensor.dtype].enumIndex || compareUtf8(a.name, b.name),
  );
}

function assignOffsets(ordered: NamedTensor[]): PlacedTensor[] {
  let offset = 0;
  return ordered.map((entry) => {
    const begin = offset;
    offset += entry.tensor.data.byteLength;
    return { ...entry, begin, end: offset };
  });
}

/**
 * Built by hand rather than with one JSON.stringify of an object: JavaScript objects move integer-like keys
 * (a tensor named "0") to the front, and the header must list tensors in data order, as Hugging Face does.
 */
function headerJson(layout: PlacedTensor[], metadata: Record<string, string>): string {
  const fields: string[] = [];
  const metadataKeys = Object.keys(metadata).sort(compareUtf8);
  if (metadataKeys.length > 0) {
    const pairs = metadataKeys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(metadata[key])}`);
    fields.push(`${JSON.stringify(METADATA_KEY)}:{${pairs.join(',')}}`);
  }
  for (const { name, tensor, begin, end } of layout) {
    const info = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [begin, end] };
    fields.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
  }
  return `{${fields.join(',')}}`;
}

/** Spaces (valid trailing JSON whitespace) pad the header so the data section starts 8-byte aligned. */
function padHeader(header: Uint8Array): Uint8Array {
  const padding = (HEADER_ALIGNMENT - (header.length % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT;
  const padded = new Uint8Array(header.length + padding).fill(0x20);
  padded.set(header);
  return padded;
}

function rawBytes(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

// ---------------------------------------------------------------------------------------------- shared

function assertLittleEndianHost(): void {
  if (!HOST_IS_LITTLE_ENDIAN) throw new SafetensorsError('big-endian hosts are not supported');
}

function elementCount(shape: number[]): number {
  return shape.reduce((count, dim) => count * dim, 1);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareUtf8(a: string, b: string): number {
  const encoder = new TextEncoder();
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const shared = Math.min(left.length, right.length);
  for (let i = 0; i < shared; i++) {
    if (left[i] !== right[i]) return left[i] - right[i];
  }
  return left.length - right.length;
}

function typeName(data: unknown): string {
  if (typeof data === 'object' && data !== null) return data.constructor.name;
  return typeof data;
}
