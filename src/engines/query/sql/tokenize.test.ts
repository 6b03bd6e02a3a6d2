import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqlError } from './SqlError.js';
import { identifierValue, significant, tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('gives the input back when the tokens are joined, comments and spacing included', () => {
    const sql = `SELECT "a-b"."c d", 'it''s' -- note\n /* block */ FROM t WHERE x >= 1.5e3 AND y <> ? || z`;
    assert.equal(
      tokenize(sql)
        .map((t) => t.text)
        .join(''),
      sql,
    );
  });

  it('reads quoted identifiers with hyphens as one token with their exact name', () => {
    const tokens = significant(tokenize('"video-analytics-dev-blog"."events-dev-blog"'));
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.text]),
      [
        ['quoted', '"video-analytics-dev-blog"'],
        ['punct', '.'],
        ['quoted', '"events-dev-blog"'],
      ],
    );
    assert.equal(identifierValue(tokens[0]!), 'video-analytics-dev-blog');
  });

  it('folds unquoted names to lower case and keeps quoted ones, doubled quotes unescaped', () => {
    const [a, b] = significant(tokenize('UserId "Say ""hi"""'));
    assert.equal(identifierValue(a!), 'userid');
    assert.equal(identifierValue(b!), 'Say "hi"');
  });

  it('tells parameters, operators and numbers apart', () => {
    const kinds = significant(tokenize('a::int <= ?, .5, x->1')).map((t) => `${t.kind}:${t.text}`);
    assert.deepEqual(kinds, ['word:a', 'punct:::', 'word:int', 'punct:<=', 'param:?', 'punct:,', 'number:.5', 'punct:,', 'word:x', 'punct:->', 'number:1']);
  });

  it('reports an unterminated string at the quote that opens it', () => {
    assert.throws(
      () => tokenize("SELECT 'abc"),
      (e: unknown) => e instanceof SqlError && e.errorName === 'SYNTAX_ERROR' && e.position === 7,
    );
  });

  it('renders positions as Athena does (1-based line:column)', () => {
    const e = new SqlError('SYNTAX_ERROR', 'bad', 10);
    assert.equal(e.render('SELECT 1\nFROM x'), 'SYNTAX_ERROR: line 2:2: bad');
  });
});
