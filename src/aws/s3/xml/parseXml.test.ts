import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childNamed, parseXml, XmlSyntaxError } from './parseXml.js';
import { escapeXml, XmlWriter } from './XmlWriter.js';

describe('parseXml', () => {
  it('reads elements, attributes, text, entities, CDATA and drops namespace prefixes', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n' +
        '<s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a &amp; b &lt;c&gt; &#233;&#x1F600;</Key></Object>' +
        '<Object><Key><![CDATA[<raw> & stuff]]></Key></Object><Quiet>true</Quiet><Empty/></s3:Delete>',
    );
    assert.equal(root.name, 'Delete');
    assert.equal(root.attributes['xmlns:s3'], 'http://s3.amazonaws.com/doc/2006-03-01/');
    const objects = root.children.filter((c) => c.name === 'Object');
    assert.equal(objects.length, 2);
    assert.equal(childNamed(objects[0]!, 'Key')?.text, 'a & b <c> é😀');
    assert.equal(childNamed(objects[1]!, 'Key')?.text, '<raw> & stuff');
    assert.equal(childNamed(root, 'Quiet')?.text, 'true');
    assert.equal(childNamed(root, 'Empty')?.children.length, 0);
  });

  it('keeps whitespace inside text (keys may hold it)', () => {
    assert.equal(parseXml('<Key>  spaced \n</Key>').text, '  spaced \n');
  });

  it('refuses what is not well-formed, and every DOCTYPE', () => {
    const bad = [
      '',
      '<a>',
      '<a></b>',
      '<a>x</a><b/>',
      '<a>&unknown;</a>',
      '<a>AT&T</a>',
      '<a b=c/>',
      '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
      '<a><!DOCTYPE b></a>',
      '<a><![CDATA[open</a>',
      '<a>' + '<b>'.repeat(100) + '</b>'.repeat(100) + '</a>',
    ];
    for (const text of bad) assert.throws(() => parseXml(text), XmlSyntaxError, text);
  });
});

describe('XmlWriter', () => {
  it('escapes markup and writes control characters as references', () => {
    assert.equal(escapeXml('a<b>&"c"\r\u0001'), 'a&lt;b&gt;&amp;&quot;c&quot;&#xD;&#x1;');
    const xml = new XmlWriter().open('R', { xmlns: 'urn:x' }).leaf('K', 'a&b').close('R').toString();
    assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:x"><K>a&amp;b</K></R>');
    assert.equal(parseXml(xml).children[0]!.text, 'a&b');
  });
});
