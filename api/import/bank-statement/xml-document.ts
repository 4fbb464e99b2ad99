// The XML of a camt.053 read with fast-xml-parser: checked well-formed by its validator, then
// parsed with tag values kept as text (amounts stay exact), attributes as "@name", the namespace
// prefix dropped from tag names, the five XML entities, character references and the common HTML
// entities decoded. The caller refuses any DTD first, so no entity declared in a file is ever
// expanded and no external one fetched. An element with neither attributes nor child elements is
// its text; any other one an object of its children by local name (an array when repeated), its
// text as "#text". Dangerous property names (__proto__, constructor) are renamed by the parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = string | XmlElement;
export interface XmlElement {
  [name: string]: XmlValue;
}
export type XmlValue = XmlNode | XmlNode[];

/** The document is not well-formed XML; `location` says where ("line 3, column 17") when known. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly location: string | null,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Elements are nested deeper than the reader takes. */
export class XmlDepthError extends Error {
  constructor(readonly maxDepth: number) {
    super(`elements are nested more than ${maxDepth} deep`);
    this.name = 'XmlDepthError';
  }
}

const parsers = new Map<number, XMLParser>();

function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (!parser) {
    parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      processEntities: true,
      htmlEntities: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      jPath: false,
      maxNestedTags: maxDepth,
      transformTagName: (name: string) => name.slice(name.indexOf(':') + 1),
    });
    parsers.set(maxDepth, parser);
  }
  return parser;
}

/** The document's root element(s) by local name. */
export function readXml(xml: string, maxDepth: number): Record<string, XmlValue> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg, `line ${valid.err.line}, column ${valid.err.col}`);
  try {
    return parserFor(maxDepth).parse(xml) as Record<string, XmlValue>;
  } catch (error) {
    // The validator passes a few malformations the parser then stops at (an unclosed processing
    // instruction): they are malformed XML all the same.
    if (!(error instanceof Error)) throw error;
    if (/nested tags/i.test(error.message)) throw new XmlDepthError(maxDepth);
    throw new XmlSyntaxError(error.message, null);
  }
}
