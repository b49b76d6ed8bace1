// Nested trial configurations as flat row fields.
import { describe, expect, it } from 'vitest';
import { flattenConfig } from '@clusterlens/report';

describe('flattenConfig', () => {
  it('names nested fields by their dotted path and keeps scalars', () => {
    expect(
      flattenConfig({ seed: 3, name: 'x', none: null, model: { nLayer: 5, attention: { heads: 4 } }, on: false, list: [1, 'a'] }),
    ).toEqual({ seed: 3, name: 'x', none: null, 'model.nLayer': 5, 'model.attention.heads': 4, on: 'false', list: '[1,"a"]' });
  });

  it('rejects two fields that flatten to one name, and non-objects', () => {
    expect(() => flattenConfig({ 'a.b': 1, a: { b: 2 } })).toThrow(/two fields flatten to 'a.b'/);
    expect(() => flattenConfig(5)).toThrow(/config: expected a JSON object, got 5/);
  });
});
