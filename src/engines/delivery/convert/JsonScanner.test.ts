import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonScanner } from './JsonScanner.js';
import { JsonSyntaxError } from './JsonSyntaxError.js';

/** Whether the scanner reads the text as exactly one JSON document. */
function scansAsOneDocument(text: string): boolean {
  const scanner = new JsonScanner(text);
  try {
    scanner.skipValue();
    return scanner.atEnd();
  } catch (err) {
    if (err instanceof JsonSyntaxError) return false;
    throw err;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('JsonScanner', () => {
  it('accepts exactly what JSON.parse accepts', () => {
    const samples = [
      '{}', '[]', '""', '0', '-0', '1.5e-3', '1E+2', 'true', 'false', 'null', ' {"a" : [1, 2, {"b": null}] } ',
      '{"a":"\\u00e9\\n\\"\\\\\\/"}', '"\\ud83d\\ude00"', '{"__proto__": 1}', '\t\r\n[1]\n',
      '01', '1.', '.5', '+1', '1e', '--1', '0x10', 'NaN', 'Infinity', 'tru', 'nul', 'True',
      '{"a":1,}', '[1,]', '{a:1}', "{'a':1}", '{"a" 1}', '{"a":1 "b":2}', '[1 2]', '"abc', '"a\\x"', '"\\u12g4"',
      '"tab\there"', '"line\nbreak"', '{"a":1}}', '[[]', '', ' ', '\u00a0{}', '{"a":1}{"a":2}',
    ];
    for (const text of samples) assert.equal(scansAsOneDocument(text), parses(text), JSON.stringify(text));
  });

  it('agrees with JSON.parse on thousands of mutated documents', () => {
    const base = JSON.stringify({
      id: 'evt-1',
      n: -12.5e3,
      flags: [true, false, null],
      nested: { 'k"q': 'v\\w', list: [1, [2, [3]], {}] },
      text: 'caf\u00e9 \u2028 \ud83d\ude00',
    });
    const alphabet = '{}[]":,\\ -+.0123456789eEtrufalsn\t\n\u0001abc';
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let text = base;
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length + 1);
        const c = alphabet[random(alphabet.length)]!;
        const kind = random(3);
        text = kind === 0 ? text.slice(0, at) + c + text.slice(at) : kind === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + c + text.slice(at + 1);
      }
      assert.equal(scansAsOneDocument(text), parses(text), JSON.stringify(text));
    }
  });

  it('reads strings, decoding escapes, and keeps the JSON text of plain ones', () => {
    const scanner = new JsonScanner('"plain" "esc\\"aped\\u0041"');
    assert.equal(scanner.readString(), 'plain');
    assert.equal(scanner.lastStringJson, '"plain"');
    scanner.peek();
    assert.equal(scanner.readString(), 'esc"apedA');
    assert.equal(scanner.lastStringJson, undefined);
  });

  it('keeps numbers as written', () => {
    const scanner = new JsonScanner('[1.50, 9007199254740993, -0, 1e400]');
    scanner.open(0x5d);
    const numbers: string[] = [];
    do {
      scanner.peek();
      numbers.push(scanner.readNumber());
    } while (scanner.next(0x5d));
    assert.deepEqual(numbers, ['1.50', '9007199254740993', '-0', '1e400']);
  });

  it('rewrites nested JSON compactly, lower-casing keys when asked', () => {
    const text = '{ "UserId" : 7.10, "Tags": [ "A", {"X": null} ] }';
    assert.equal(new JsonScanner(text).readJsonText(true), '{"userid":7.10,"tags":["A",{"x":null}]}');
    assert.equal(new JsonScanner(text).readJsonText(false), '{"UserId":7.10,"Tags":["A",{"X":null}]}');
  });
});
