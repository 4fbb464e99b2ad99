// What follows from a parsed document alone, worked out once per document: Yoga's parser cache
// hands every request with the same query text the same DocumentNode, so a WeakMap on it answers
// repeat requests without walking the document again, and forgets with the cache.
import type { DocumentNode } from 'graphql';

export function perDocument<T>(compute: (document: DocumentNode) => T): (document: DocumentNode) => T {
  const answers = new WeakMap<DocumentNode, T>();
  return (document) => {
    if (answers.has(document)) return answers.get(document)!;
    const answer = compute(document);
    answers.set(document, answer);
    return answer;
  };
}
