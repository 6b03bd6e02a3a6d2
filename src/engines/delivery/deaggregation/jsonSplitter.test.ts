import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitJsonObjects } from './jsonSplitter.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function split(text: string): string[] {
  const r = splitJsonObjects(enc.encode(text));
  assert.equal(r.kind, 'records', `expected ${JSON.stringify(text)} to split`);
  return r.kind === 'records' ? r.records.map((x) => dec.decode(x)) : [];
}

function isInvalid(text: string): boolean {
  return splitJsonObjects(enc.encode(text)).kind === 'invalid';
}

describe('splitJsonObjects', () => {
  it('splits objects written back to back, with or without whitespace', () => {
    assert.deepEqual(split('{"a":1}{"a":2}'), ['{"a":1}', '{"a":2}']);
    assert.deepEqual(split('{"a":1}\n{"a":2}\n'), ['{"a":1}', '{"a":2}']);
    assert.deepEqual(split(' \r\n\t{"a":1} \r\n {"a":2}\t'), ['{"a":1}', '{"a":2}']);
    assert.deepEqual(split('{}'), ['{}']);
  });

  it('keeps nested objects, arrays and strings holding braces or escapes inside one record', () => {
    const obj = '{"s":"}{\\"[","n":{"m":[1,{"x":null},[true,false]]},"u":"\\u00e9\\n","e":-0.5e+10}';
    assert.deepEqual(split(`${obj}${obj}`), [obj, obj]);
    assert.deepEqual(split('{"emoji":"😀","k":"日本"}'), ['{"emoji":"😀","k":"日本"}']);
  });

  it('returns views of the input, not copies', () => {
    const data = enc.encode('{"a":1}{"b":2}');
    const r = splitJsonObjects(data);
    assert.ok(r.kind === 'records');
    assert.equal(r.records[1]?.buffer, data.buffer);
    assert.equal(r.records[1]?.byteOffset, 7);
  });

  it('rejects what is not a sequence of JSON objects', () => {
    for (const text of [
      '',
      '  \n',
      '[{"a":1},{"a":2}]',
      '{"a":1},{"a":2}',
      '{"a":1}x',
      '1',
      '"s"',
      '{"a":1',
      '{"a":}',
      '{"a":1,}',
      '{a:1}',
      "{'a':1}",
      '{"a":01}',
      '{"a":1.}',
      '{"a":.5}',
      '{"a":1e}',
      '{"a":NaN}',
      '{"a":tru}',
      '{"a":"\\x"}',
      '{"a":"\\u12"}',
      '{"a":"line\nbreak"}',
      '{"a":[1,]}',
      '{"a":[1 2]}',
      '{"a":1 "b":2}',
      '{"a":{"b":1]}',
      '{"a":1}}',
    ]) {
      assert.ok(isInvalid(text), `expected ${JSON.stringify(text)} to be rejected`);
    }
  });

  it('caps nesting at 1000 levels without recursion', () => {
    const nested = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    assert.equal(split(nested(1000)).length, 1);
    assert.ok(isInvalid(nested(1001)));
    assert.ok(isInvalid(`${'['.repeat(200_000)}`)); // deep garbage: no stack overflow
    assert.ok(isInvalid(`{"a":${'['.repeat(200_000)}`));
  });

  it('stops as soon as there are more objects than allowed', () => {
    const data = enc.encode('{}'.repeat(10));
    assert.equal(splitJsonObjects(data, 10).kind, 'records');
    assert.equal(splitJsonObjects(data, 9).kind, 'tooMany');
  });

  it('agrees with a JSON.parse-based splitter on generated and mutated inputs', () => {
    // A slow but obviously right reference: each object is the shortest prefix JSON.parse reads as an object.
    const reference = (text: string): string[] | undefined => {
      const out: string[] = [];
      let i = 0;
      for (;;) {
        while (i < text.length && ' \n\r\t'.includes(text.charAt(i))) i++;
        if (i === text.length) return out.length > 0 ? out : undefined;
        if (text.charAt(i) !== '{') return undefined;
        let end = -1;
        for (let j = i + 1; j <= text.length && end < 0; j++) {
          if (text.charAt(j - 1) !== '}') continue;
          try {
            const v: unknown = JSON.parse(text.slice(i, j));
            if (v !== null && typeof v === 'object' && !Array.isArray(v)) end = j;
          } catch {
            // not yet a complete object
          }
        }
        if (end < 0) return undefined;
        out.push(text.slice(i, end));
        i = end;
      }
    };
    // A small deterministic generator (no Math.random): the same cases on every run.
    let seed = 42;
    const rand = (n: number): number => {
      // mulberry32: unlike a plain LCG, its low bits are not periodic.
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const atoms = ['0', '-1', '3.25', '1e5', '-0.5E-3', 'true', 'false', 'null', '""', '"x\\"}{y"', '"\\u0041"', '"é"', '"a\\\\"'];
    const value = (depth: number): string => {
      const k = rand(depth > 3 ? 1 : 3);
      if (k === 0) return atoms[rand(atoms.length)] ?? '0';
      if (k === 1) return `[${Array.from({ length: rand(4) }, () => value(depth + 1)).join(rand(2) ? ',' : ' , ')}]`;
      return object(depth + 1);
    };
    const object = (depth: number): string =>
      `{${Array.from({ length: rand(4) }, (_, i) => `"k${i}"${rand(2) ? ' ' : ''}:${value(depth)}`).join(',')}}`;
    const alphabet = ' \n{}[]":,0123456789-+.eEtrfalsnu\\x/';

    let valid = 0;
    for (let round = 0; round < 3000; round++) {
      const objects = Array.from({ length: 1 + rand(4) }, () => object(0));
      const text = objects.join(['', '\n', ' ', '\r\n'][rand(4)] ?? '');
      assert.deepEqual(split(text), objects);

      // One to three random edits (replace, insert or delete a character).
      let mutated = text;
      for (let edits = 1 + rand(3); edits > 0; edits--) {
        const at = rand(mutated.length + 1);
        const c = alphabet.charAt(rand(alphabet.length));
        const op = rand(3);
        mutated = mutated.slice(0, at) + (op === 2 ? '' : c) + mutated.slice(op === 1 ? at : at + 1);
      }
      const expected = reference(mutated);
      const r = splitJsonObjects(enc.encode(mutated));
      const got = r.kind === 'records' ? r.records.map((x) => dec.decode(x)) : undefined;
      assert.deepEqual(got, expected, JSON.stringify(mutated));
      if (expected !== undefined) valid++;
    }
    assert.ok(valid > 100, `only ${valid} mutated inputs were valid; the comparison would mean little`);
  });
});
