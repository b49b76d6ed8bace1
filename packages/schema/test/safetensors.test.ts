import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseSafetensors,
  readSafetensors,
  SafetensorsError,
  serializeSafetensors,
  writeSafetensors,
  type Tensor,
  type TensorData,
} from '@clusterlens/schema';

const FIXTURE_DIR = fileURLToPath(new URL('../../model/test/fixtures/hf-gpt2-tiny/', import.meta.url));
const MODEL_FILE = path.join(FIXTURE_DIR, 'model.safetensors');
const EXPECTED_FILE = path.join(FIXTURE_DIR, 'expected.safetensors');
const PYTHON = '/usr/bin/python3';

interface Meta {
  param_names: string[];
  param_shapes: Record<string, number[]>;
}

let scratch: string;
let meta: Meta;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'safetensors-test-'));
  meta = JSON.parse(await readFile(path.join(FIXTURE_DIR, 'meta.json'), 'utf8')) as Meta;
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A tensor of every writable dtype, with values that exercise sign, range and exact float bits. */
function mixedTensors(): Map<string, Tensor> {
  return new Map<string, Tensor>([
    ['weights', { dtype: 'F32', shape: [2, 3], data: new Float32Array([1.5, -0, 3.4e38, 1e-45, -7.25, 0.1]) }],
    ['doubles', { dtype: 'F64', shape: [3], data: new Float64Array([Math.PI, -1e-300, 2 ** 60]) }],
    ['counts', { dtype: 'I32', shape: [2, 2], data: new Int32Array([0, -1, 2 ** 31 - 1, -(2 ** 31)]) }],
    ['steps', { dtype: 'I64', shape: [2], data: new BigInt64Array([-5n, 2n ** 50n]) }],
    ['mask', { dtype: 'U8', shape: [5], data: new Uint8Array([0, 1, 127, 128, 255]) }],
    ['scalar', { dtype: 'F32', shape: [], data: new Float32Array([42]) }],
    ['empty', { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) }],
  ]);
}

function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function expectSameTensors(actual: Map<string, Tensor>, expected: Map<string, Tensor>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, tensor] of expected) {
    const other = actual.get(name)!;
    expect({ name, dtype: other.dtype, shape: other.shape }).toEqual({ name, dtype: tensor.dtype, shape: tensor.shape });
    expect(other.data.constructor).toBe(tensor.data.constructor);
    expect(Buffer.from(bytesOf(other.data)).equals(Buffer.from(bytesOf(tensor.data)))).toBe(true);
  }
}

/** Builds a file from a literal header object, for malformed-input tests. */
function fileWithHeader(header: unknown, dataLength: number): Uint8Array {
  return fileWithHeaderText(JSON.stringify(header), dataLength);
}

function fileWithHeaderText(headerText: string, dataLength: number): Uint8Array {
  const header = new TextEncoder().encode(headerText);
  const bytes = new Uint8Array(8 + header.length + dataLength);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
  bytes.set(header, 8);
  return bytes;
}

function headerOf(bytes: Uint8Array): { length: number; text: string } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { length, text: new TextDecoder().decode(bytes.subarray(8, 8 + length)) };
}

function parseError(bytes: Uint8Array): Error {
  try {
    parseSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    return error as Error;
  }
  throw new Error('parseSafetensors accepted malformed input');
}

describe('parseSafetensors on the Hugging Face fixture', () => {
  it('finds every parameter listed in meta.json with its shape and F32 dtype', async () => {
    const { tensors } = parseSafetensors(await readFile(MODEL_FILE));
    expect([...tensors.keys()].sort()).toEqual([...meta.param_names].sort());
    for (const name of meta.param_names) {
      const tensor = tensors.get(name)!;
      expect({ name, dtype: tensor.dtype, shape: tensor.shape }).toEqual({
        name,
        dtype: 'F32',
        shape: meta.param_shapes[name],
      });
      expect(tensor.data).toBeInstanceOf(Float32Array);
      expect(tensor.data.length).toBe(meta.param_shapes[name].reduce((a, b) => a * b, 1));
    }
  });

  it('returns the __metadata__ that save_pretrained wrote', async () => {
    const { metadata } = parseSafetensors(await readFile(MODEL_FILE));
    expect(metadata).toEqual({ format: 'pt' });
  });

  it('reads the integer tensors of the expected-outputs file as Int32Array', async () => {
    const { tensors } = parseSafetensors(await readFile(EXPECTED_FILE));
    const inputIds = tensors.get('input_ids')!;
    expect(inputIds.dtype).toBe('I32');
    expect(inputIds.shape).toEqual([3, 16]);
    expect(inputIds.data).toBeInstanceOf(Int32Array);
    expect(Array.from(inputIds.data as Int32Array).every((id) => id >= 0 && id < 40)).toBe(true);
  });

  it('copies each tensor into its own aligned buffer instead of viewing the file bytes', async () => {
    const bytes = await readFile(MODEL_FILE);
    const { tensors } = parseSafetensors(bytes);
    for (const tensor of tensors.values()) {
      expect(tensor.data.byteOffset).toBe(0);
      expect(tensor.data.buffer.byteLength).toBe(tensor.data.byteLength);
      expect(tensor.data.buffer).not.toBe(bytes.buffer);
    }
  });

  it('lists tensors in data order', async () => {
    const bytes = await readFile(EXPECTED_FILE);
    const header = JSON.parse(headerOf(bytes).text) as Record<string, { data_offsets: [number, number] }>;
    const byOffset = Object.entries(header).sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
    expect([...parseSafetensors(bytes).tensors.keys()]).toEqual(byOffset.map(([name]) => name));
  });
});

describe('serializeSafetensors', () => {
  it.each(['model.safetensors', 'expected.safetensors'])(
    're-serializing %s reproduces the Hugging Face bytes exactly',
    async (file) => {
      const original = await readFile(path.join(FIXTURE_DIR, file));
      const { tensors, metadata } = parseSafetensors(original);
      expect(Buffer.from(serializeSafetensors(tensors, metadata)).equals(original)).toBe(true);
    },
  );

  it('round-trips every dtype, scalar and empty tensors bit for bit through parse', () => {
    const tensors = mixedTensors();
    const metadata = { format: 'pt', step: '12' };
    const parsed = parseSafetensors(serializeSafetensors(tensors, metadata));
    expectSameTensors(parsed.tensors, tensors);
    expect(parsed.metadata).toEqual(metadata);
  });

  it('accepts a plain record as well as a Map', () => {
    const tensors = mixedTensors();
    const fromRecord = serializeSafetensors(Object.fromEntries(tensors));
    expect(Buffer.from(fromRecord).equals(Buffer.from(serializeSafetensors(tensors)))).toBe(true);
  });

  it('serializes only the viewed part of a typed array that is a subarray', () => {
    const backing = new Float32Array([9, 1, 2, 3, 9]);
    const bytes = serializeSafetensors({ x: { dtype: 'F32', shape: [3], data: backing.subarray(1, 4) } });
    expect(Array.from(parseSafetensors(bytes).tensors.get('x')!.data as Float32Array)).toEqual([1, 2, 3]);
  });

  it('pads the header with spaces to a multiple of 8 bytes', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh']) {
      const bytes = serializeSafetensors({ [name]: { dtype: 'U8', shape: [1], data: new Uint8Array([7]) } });
      const { length, text } = headerOf(bytes);
      expect(length % 8).toBe(0);
      expect(text).toMatch(/^\{.*\} *$/);
      expect(text.trimEnd().length).toBeGreaterThan(length - 8);
    }
  });

  it('writes wider dtypes first, then names in byte order, so every tensor is aligned to its item size', () => {
    const bytes = serializeSafetensors(
      new Map<string, Tensor>([
        ['b_u8', { dtype: 'U8', shape: [3], data: new Uint8Array(3) }],
        ['a_f32', { dtype: 'F32', shape: [1], data: new Float32Array(1) }],
        ['Z_i32', { dtype: 'I32', shape: [1], data: new Int32Array(1) }],
        ['c_f64', { dtype: 'F64', shape: [1], data: new Float64Array(1) }],
        ['a_i64', { dtype: 'I64', shape: [1], data: new BigInt64Array(1) }],
        ['10', { dtype: 'F32', shape: [1], data: new Float32Array(1) }],
        ['9', { dtype: 'F32', shape: [1], data: new Float32Array(1) }],
      ]),
    );
    const { length, text } = headerOf(bytes);
    const header = JSON.parse(text) as Record<string, { dtype: string; data_offsets: [number, number] }>;
    const order = [...text.matchAll(/"([^"]+)":\{"dtype"/g)].map((match) => match[1]);
    expect(order).toEqual(['a_i64', 'c_f64', '10', '9', 'a_f32', 'Z_i32', 'b_u8']);
    const itemSizes: Record<string, number> = { I64: 8, F64: 8, F32: 4, I32: 4, U8: 1 };
    for (const info of Object.values(header)) {
      expect((8 + length + info.data_offsets[0]) % itemSizes[info.dtype]).toBe(0);
    }
  });

  it('omits __metadata__ when there is none', () => {
    const bytes = serializeSafetensors({ x: { dtype: 'U8', shape: [1], data: new Uint8Array(1) } });
    expect(headerOf(bytes).text).not.toContain('__metadata__');
  });

  it('rejects data whose length does not match the shape', () => {
    expect(() => serializeSafetensors({ x: { dtype: 'F32', shape: [2, 2], data: new Float32Array(3) } })).toThrow(
      /tensor "x": shape \[2, 2\] holds 4 elements but data has 3/,
    );
  });

  it('rejects data of the wrong typed array for the dtype', () => {
    expect(() => serializeSafetensors({ x: { dtype: 'I64', shape: [1], data: new Int32Array(1) } })).toThrow(
      /tensor "x": dtype I64 needs a BigInt64Array, got Int32Array/,
    );
  });

  it('rejects a tensor named __metadata__', () => {
    expect(() => serializeSafetensors({ __metadata__: { dtype: 'U8', shape: [0], data: new Uint8Array(0) } })).toThrow(
      /reserved/,
    );
  });
});

describe('writeSafetensors and readSafetensors', () => {
  it('write then read returns the same tensors and metadata', async () => {
    const file = path.join(scratch, 'roundtrip.safetensors');
    await writeSafetensors(file, mixedTensors(), { format: 'pt' });
    const read = await readSafetensors(file);
    expectSameTensors(read.tensors, mixedTensors());
    expect(read.metadata).toEqual({ format: 'pt' });
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(path.join(scratch, 'atomic-'));
    const file = path.join(dir, 'ckpt.safetensors');
    await writeSafetensors(file, { old: { dtype: 'U8', shape: [1], data: new Uint8Array([1]) } });
    await writeSafetensors(file, { fresh: { dtype: 'U8', shape: [1], data: new Uint8Array([2]) } });
    expect(await readdir(dir)).toEqual(['ckpt.safetensors']);
    expect([...(await readSafetensors(file)).tensors.keys()]).toEqual(['fresh']);
  });

  it('does not create or touch the target when serialization fails', async () => {
    const file = path.join(scratch, 'never-written.safetensors');
    await expect(
      writeSafetensors(file, { x: { dtype: 'F32', shape: [2], data: new Float32Array(1) } }),
    ).rejects.toThrow(SafetensorsError);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('names the file in read errors', async () => {
    const file = path.join(scratch, 'garbage.safetensors');
    await writeFile(file, fileWithHeaderText('{not json', 0));
    await expect(readSafetensors(file)).rejects.toThrow(`${file}: header is not valid JSON`);
  });
});

describe('parseSafetensors rejects malformed input with a message naming the problem', () => {
  const oneTensor = { x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };

  it('a file shorter than the 8-byte length prefix', () => {
    expect(parseError(new Uint8Array(5)).message).toMatch(/truncated file: 5 bytes/);
  });

  it('a header length beyond the file size', () => {
    const bytes = fileWithHeader(oneTensor, 8);
    new DataView(bytes.buffer).setBigUint64(0, 1n << 40n, true);
    expect(parseError(bytes).message).toMatch(/header length 1099511627776 exceeds the file size/);
  });

  it('a file truncated inside the data section', async () => {
    const original = await readFile(MODEL_FILE);
    const message = parseError(original.subarray(0, original.length - 4)).message;
    expect(message).toMatch(/tensor "transformer\.wte\.weight": data_offsets .* run past the end/);
    expect(message).toMatch(/truncated/);
  });

  it('a header that is not valid JSON', () => {
    expect(parseError(fileWithHeaderText('{"x": {"dtype": "F32",', 0)).message).toMatch(/header is not valid JSON/);
  });

  it('a header that is not valid UTF-8', () => {
    const bytes = fileWithHeaderText('{"x":1}', 0);
    bytes[10] = 0xff;
    expect(parseError(bytes).message).toMatch(/header is not valid UTF-8/);
  });

  it('a header that is a JSON array rather than an object', () => {
    expect(parseError(fileWithHeader([1, 2], 0)).message).toMatch(/header must be a JSON object/);
  });

  it('an unknown dtype', () => {
    const header = { x: { dtype: 'Q4', shape: [2], data_offsets: [0, 8] } };
    expect(parseError(fileWithHeader(header, 8)).message).toMatch(/tensor "x": unknown dtype "Q4" \(supported: /);
  });

  it('data_offsets that do not match shape times item size', () => {
    const header = { x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } };
    expect(parseError(fileWithHeader(header, 8)).message).toMatch(
      /tensor "x": data_offsets \[0, 8\] span 8 bytes, but shape \[3\] of F32 needs 12/,
    );
  });

  it('data_offsets that are not a [begin, end] pair', () => {
    const header = { x: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } };
    expect(parseError(fileWithHeader(header, 8)).message).toMatch(/tensor "x": data_offsets must be \[begin, end\]/);
  });

  it('a shape that is not a list of non-negative integers', () => {
    const header = { x: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 8] } };
    expect(parseError(fileWithHeader(header, 8)).message).toMatch(/tensor "x": shape must be an array/);
  });

  it('overlapping tensors', () => {
    const header = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
    };
    expect(parseError(fileWithHeader(header, 12)).message).toMatch(/tensors "a" \[0, 8\] and "b" \[4, 12\] overlap/);
  });

  it('a gap between tensors', () => {
    const header = {
      a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
    };
    expect(parseError(fileWithHeader(header, 12)).message).toMatch(/4-byte gap before tensor "b"/);
  });

  it('bytes left over after the last tensor', () => {
    expect(parseError(fileWithHeader(oneTensor, 12)).message).toMatch(/4 bytes after the last tensor/);
  });

  it('a __metadata__ value that is not a string', () => {
    const header = { __metadata__: { step: 3 }, ...oneTensor };
    expect(parseError(fileWithHeader(header, 8)).message).toMatch(/"__metadata__" value for "step" must be a string/);
  });
});

describe('parseSafetensors widens half-precision tensors to F32', () => {
  function halfFile(dtype: 'F16' | 'BF16', bits: number[]): Uint8Array {
    const header = { h: { dtype, shape: [bits.length], data_offsets: [0, 2 * bits.length] } };
    const bytes = fileWithHeader(header, 2 * bits.length);
    const view = new DataView(bytes.buffer);
    const dataStart = bytes.length - 2 * bits.length;
    bits.forEach((word, i) => view.setUint16(dataStart + 2 * i, word, true));
    return bytes;
  }

  it('decodes F16 normals, subnormals, infinities and NaN exactly', () => {
    const tensor = parseSafetensors(halfFile('F16', [0x3c00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00, 0xfc00, 0x7e00]))
      .tensors.get('h')!;
    expect(tensor.dtype).toBe('F32');
    expect(Array.from(tensor.data as Float32Array)).toEqual([1, -2, 65504, 2 ** -24, -0, Infinity, -Infinity, NaN]);
  });

  it('decodes BF16 as the upper half of a float32', () => {
    const tensor = parseSafetensors(halfFile('BF16', [0x3f80, 0xc020, 0x4049, 0xff80])).tensors.get('h')!;
    expect(tensor.dtype).toBe('F32');
    expect(Array.from(tensor.data as Float32Array)).toEqual([1, -2.5, 3.140625, -Infinity]);
  });
});

describe('files written here are read by an independent Python implementation', () => {
  /**
   * Loads the file with Python's `safetensors` when it is installed, otherwise with a minimal json+struct reader
   * that also enforces the layout rules. Either way prints names, dtypes, shapes and values as JSON.
   */
  const PYTHON_LOADER = String.raw`
import json, struct, sys
path = sys.argv[1]
def as_json(values, dtype):
    return [str(v) for v in values] if dtype == 'I64' else list(values)
try:
    from safetensors import safe_open
    from safetensors.numpy import load_file
    names = {'float32': 'F32', 'float64': 'F64', 'int32': 'I32', 'int64': 'I64', 'uint8': 'U8'}
    loaded = load_file(path)
    with safe_open(path, framework='np') as handle:
        metadata = handle.metadata() or {}
    tensors = {}
    for name, array in loaded.items():
        dtype = names[str(array.dtype)]
        tensors[name] = {'dtype': dtype, 'shape': list(array.shape), 'values': as_json(array.reshape(-1).tolist(), dtype)}
    reader = 'safetensors'
except ImportError:
    formats = {'F32': 'f', 'F64': 'd', 'I32': 'i', 'I64': 'q', 'U8': 'B'}
    raw = open(path, 'rb').read()
    (n,) = struct.unpack('<Q', raw[:8])
    assert n % 8 == 0, 'header length not 8-byte aligned'
    header = json.loads(raw[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', {})
    data = raw[8 + n:]
    cursor = 0
    tensors = {}
    for name, info in sorted(header.items(), key=lambda item: item[1]['data_offsets']):
        begin, end = info['data_offsets']
        assert begin == cursor, 'tensors not contiguous at ' + name
        count = 1
        for dim in info['shape']:
            count *= dim
        fmt = formats[info['dtype']]
        assert end - begin == count * struct.calcsize(fmt), 'size mismatch for ' + name
        assert (8 + n + begin) % struct.calcsize(fmt) == 0, 'misaligned ' + name
        values = struct.unpack('<%d%s' % (count, fmt), data[begin:end])
        tensors[name] = {'dtype': info['dtype'], 'shape': info['shape'], 'values': as_json(values, info['dtype'])}
        cursor = end
    assert cursor == len(data), 'trailing bytes'
    reader = 'pure-python'
print(json.dumps({'reader': reader, 'metadata': metadata, 'tensors': tensors}))
`;

  interface PythonView {
    reader: string;
    metadata: Record<string, string>;
    tensors: Record<string, { dtype: string; shape: number[]; values: Array<number | string> }>;
  }

  function loadInPython(file: string): PythonView {
    const result = spawnSync(PYTHON, ['-c', PYTHON_LOADER, file], { encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      throw new Error(`${PYTHON} failed to read ${file}: ${result.error?.message ?? result.stderr}`);
    }
    return JSON.parse(result.stdout) as PythonView;
  }

  function jsonValues(data: TensorData): Array<number | string> {
    return data instanceof BigInt64Array ? Array.from(data, String) : Array.from(data as ArrayLike<number>);
  }

  it('Python sees the same names, dtypes, shapes, values and metadata', async () => {
    const file = path.join(scratch, 'for-python.safetensors');
    const tensors = mixedTensors();
    await writeSafetensors(file, tensors, { format: 'pt' });
    const view = loadInPython(file);
    expect(['safetensors', 'pure-python']).toContain(view.reader);
    expect(view.metadata).toEqual({ format: 'pt' });
    expect(Object.keys(view.tensors).sort()).toEqual([...tensors.keys()].sort());
    for (const [name, tensor] of tensors) {
      expect(view.tensors[name]).toEqual({ dtype: tensor.dtype, shape: tensor.shape, values: jsonValues(tensor.data) });
    }
  });
});
