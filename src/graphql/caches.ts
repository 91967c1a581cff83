import type { DocumentStore, PersistedQueryOptions } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import type { DocumentCaches } from '../config';
import { BoundedCache } from './bounded-cache';
import { compactDocument } from './compact-document';

/**
 * Apollo Server's two caches of what callers sent, for its `documentStore` and
 * `persistedQueries` options, each bounded by DOCUMENT_CACHE_* and APQ_CACHE_* (docs/security.md).
 * Apollo Server's defaults size an entry by its JSON, 30 MiB each: a flood of distinct documents
 * that pass the limits then grows the heap without bound in practice.
 *
 * Apollo stores a document once it passed validation, before it runs, and an APQ text once its
 * operation resolved: only what passed every limit is kept.
 */
export interface CacheOptions {
  /** Off (null) when either of its bounds is 0: every request is then parsed and validated. */
  documentStore: DocumentStore | null;
  /** Off (false) when either of its bounds is 0: a persisted-query request then gets PERSISTED_QUERY_NOT_SUPPORTED. */
  persistedQueries: PersistedQueryOptions | false;
}

/** A Map entry, the entry record and the key's string header: beside what the sizes count. */
const ENTRY = 160;
const keyBytes = (key: string) => ENTRY + 2 * key.length;

function documentStore(cache: BoundedCache<DocumentNode>): DocumentStore {
  return {
    get: (key) => Promise.resolve(cache.get(key)),
    set(key, document) {
      cache.set(key, document, keyBytes(key) + compactDocument(document));
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(cache.delete(key)),
  };
}

// The TTL Apollo would pass is never set (persistedQueries.ttl): entries leave by eviction only.
function persistedQueryCache(cache: BoundedCache<string>): PersistedQueryOptions['cache'] {
  return {
    get: (key) => Promise.resolve(cache.get(key)),
    set(key, query) {
      // 24: the string's header; 2 bytes a character, as V8 may store it.
      cache.set(key, query, keyBytes(key) + 24 + 2 * query.length);
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(cache.delete(key)),
  };
}

const on = ({ maxBytes, maxEntries }: { maxBytes: number; maxEntries: number }) =>
  maxBytes > 0 && maxEntries > 0;

export function documentCaches(bounds: DocumentCaches): CacheOptions {
  return {
    documentStore: on(bounds.documents)
      ? documentStore(new BoundedCache<DocumentNode>(bounds.documents))
      : null,
    persistedQueries: on(bounds.persistedQueries)
      ? { cache: persistedQueryCache(new BoundedCache<string>(bounds.persistedQueries)) }
      : false,
  };
}
