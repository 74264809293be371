export const id = 410;
export const ids = [410];
export const modules = {

/***/ 73410:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_KEYS_PER_DELETE: () => (/* binding */ MAX_KEYS_PER_DELETE),
/* harmony export */   OssClient: () => (/* binding */ OssClient),
/* harmony export */   createAliOssClient: () => (/* binding */ createAliOssClient),
/* harmony export */   ossRegion: () => (/* binding */ ossRegion),
/* harmony export */   toObjectLocation: () => (/* binding */ toObjectLocation)
/* harmony export */ });
/* harmony import */ var ali_oss__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(14391);
/* harmony import */ var ali_oss__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(ali_oss__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _clients_cjs_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(63580);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37638);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(97276);
/* harmony import */ var _paging_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(89101);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(59899);
/**
 * The OSS operations the actions need (JSON artefacts, metadata, listings, clean-up), on ali-oss,
 * addressed by `oss://bucket/key` URIs. Every call goes through the one retry policy.
 */






const AliOssClient = (0,_clients_cjs_js__WEBPACK_IMPORTED_MODULE_5__/* .defaultExport */ .A)(ali_oss__WEBPACK_IMPORTED_MODULE_0__, 'ali-oss');
/** OSS accepts at most this many keys in one DeleteMultipleObjects request. */
const MAX_KEYS_PER_DELETE = 1000;
/** The largest page ListObjectsV2 returns. */
const LIST_PAGE_SIZE = 1000;
function createAliOssClient(options, bucket) {
    const config = {
        accessKeyId: options.credentials.accessKeyId,
        accessKeySecret: options.credentials.accessKeySecret,
        ...(options.credentials.securityToken
            ? {
                stsToken: options.credentials.securityToken,
                // A run's STS credentials outlive its calls, so nothing refreshes them; setting the
                // interval alone keeps ali-oss from logging its advice to add a refresher.
                refreshSTSTokenInterval: 3_600_000,
            }
            : {}),
        bucket,
        region: ossRegion(options.region),
        secure: true,
        timeout: options.timeoutMs ?? 60_000,
    };
    const endpoint = options.endpoint?.trim();
    if (endpoint) {
        const url = new URL(/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`);
        config.endpoint = `${url.protocol}//${url.host}`;
        config.secure = url.protocol === 'https:';
        if (isLocalHost(url.hostname))
            config.sldEnable = true;
    }
    return new AliOssClient(config);
}
/** `cn-shanghai` → `oss-cn-shanghai`, the form ali-oss expects. */
function ossRegion(region) {
    return region.startsWith('oss-') ? region : `oss-${region}`;
}
function isLocalHost(hostname) {
    return hostname === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
}
/** Parses a URI that must name one object (not a bucket, not a "directory" ending in `/`). */
function toObjectLocation(uri) {
    const location = toLocation(uri);
    if (location.prefix === '' || location.prefix.endsWith('/')) {
        throw new Error(`${(0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .formatOssUri */ .d6)(location)} names a prefix, not an object`);
    }
    return location;
}
function toLocation(uri) {
    return typeof uri === 'string' ? (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .parseOssUri */ .fC)('OSS URI', uri) : uri;
}
class OssClient {
    options;
    clients = new Map();
    constructor(options) {
        this.options = options;
    }
    /** The ali-oss client of a bucket, for operations this class does not wrap. */
    bucket(name) {
        let client = this.clients.get(name);
        if (!client) {
            client = createAliOssClient(this.options, name);
            this.clients.set(name, client);
        }
        return client;
    }
    async getJson(uri) {
        const location = toObjectLocation(uri);
        const result = await this.call('GetObject', () => this.bucket(location.bucket).get(location.prefix));
        const text = Buffer.isBuffer(result.content) ? result.content.toString('utf8') : String(result.content);
        try {
            return JSON.parse(text);
        }
        catch (error) {
            throw new Error(`${(0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .formatOssUri */ .d6)(location)} is not valid JSON: ${error.message}`, { cause: error });
        }
    }
    /** Writes `value` as pretty JSON; `meta` becomes user metadata (x-oss-meta-*). Returns the new ETag. */
    async putJson(uri, value, meta = {}) {
        const location = toObjectLocation(uri);
        const body = Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
        const result = await this.call('PutObject', () => this.bucket(location.bucket).put(location.prefix, body, {
            mime: 'application/json',
            meta: meta,
        }));
        return { etag: headerOf(result.res, 'etag') ?? '' };
    }
    /** HeadObject; a missing object fails with PaiApiError code NoSuchKey. */
    async head(uri) {
        const location = toObjectLocation(uri);
        const result = await this.call('HeadObject', () => this.bucket(location.bucket).head(location.prefix));
        const meta = {};
        for (const [name, value] of Object.entries(result.meta ?? {}))
            meta[name] = String(value);
        return {
            size: Number(headerOf(result.res, 'content-length') ?? 0),
            etag: headerOf(result.res, 'etag') ?? '',
            lastModified: new Date(headerOf(result.res, 'last-modified') ?? 0),
            meta,
        };
    }
    async exists(uri) {
        try {
            await this.head(uri);
            return true;
        }
        catch (error) {
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PaiApiError */ .F7 && error.code === 'NoSuchKey')
                return false;
            throw error;
        }
    }
    /**
     * Every object under the URI's prefix, in key order, following continuation tokens across
     * pages (ListAllOptions.pageSize: keys per page, at most 1,000).
     */
    listAll(prefixUri, options = {}) {
        const { bucket, prefix } = toLocation(prefixUri);
        const client = this.bucket(bucket);
        const pageSize = Math.min(options.pageSize ?? LIST_PAGE_SIZE, LIST_PAGE_SIZE);
        return (0,_paging_js__WEBPACK_IMPORTED_MODULE_3__/* .collectPages */ .VV)(async (token) => {
            const query = {
                prefix,
                'max-keys': pageSize,
                ...(token ? { 'continuation-token': token } : {}),
            };
            const page = await this.call('ListObjectsV2', () => client.listV2(query));
            const items = (page.objects ?? []).map((object) => ({
                bucket,
                prefix: object.name,
                key: object.name,
                size: Number(object.size),
                etag: object.etag,
                lastModified: new Date(object.lastModified),
            }));
            if (!page.isTruncated)
                return { items };
            if (!page.nextContinuationToken) {
                throw new Error(`listing ${(0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .formatOssUri */ .d6)({ bucket, prefix })}: a truncated page carried no continuation token`);
            }
            return { items, next: page.nextContinuationToken };
        }, { ...options, product: 'oss', action: 'ListObjectsV2', cursorName: 'continuation token' });
    }
    /** Deletes objects (missing ones count as deleted), at most 1,000 per request. Returns how many were asked for. */
    async deleteMany(uris) {
        const byBucket = new Map();
        for (const uri of uris) {
            const { bucket, prefix } = toObjectLocation(uri);
            let keys = byBucket.get(bucket);
            if (!keys)
                byBucket.set(bucket, (keys = new Set()));
            keys.add(prefix);
        }
        let requested = 0;
        for (const [bucket, keys] of byBucket) {
            const unique = [...keys];
            for (let start = 0; start < unique.length; start += MAX_KEYS_PER_DELETE) {
                const batch = unique.slice(start, start + MAX_KEYS_PER_DELETE);
                await this.call('DeleteMultipleObjects', () => this.bucket(bucket).deleteMulti(batch, { quiet: true }));
                requested += batch.length;
            }
        }
        return requested;
    }
    /**
     * Server-side copy. Without `meta` the target keeps the source's metadata (directive COPY);
     * with it, the metadata is replaced (REPLACE).
     */
    async copy(from, to, options = {}) {
        const source = toObjectLocation(from);
        const target = toObjectLocation(to);
        const result = await this.call('CopyObject', () => this.bucket(target.bucket).copy(target.prefix, source.prefix, source.bucket, {
            ...(options.meta ? { meta: options.meta } : {}),
        }));
        return { etag: result.data?.etag ?? '' };
    }
    // Every operation here is idempotent: puts and copies to a fixed key, deletes, reads.
    call(action, operation) {
        const observed = async () => {
            const result = await operation();
            const res = result?.res;
            if (res?.headers)
                this.options.onResponse?.(res.headers);
            return result;
        };
        return (0,_retry_js__WEBPACK_IMPORTED_MODULE_4__/* .withRetry */ .bD)(observed, {
            product: 'oss',
            action,
            idempotent: true,
            ...(this.options.retryPolicy ? { policy: this.options.retryPolicy } : {}),
            ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
        });
    }
}
function headerOf(res, name) {
    const value = res.headers[name];
    return typeof value === 'string' ? value : undefined;
}


/***/ }),

/***/ 89101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VV: () => (/* binding */ collectPages),
/* harmony export */   tr: () => (/* binding */ numberedPages)
/* harmony export */ });
/* unused harmony exports DEFAULT_MAX_PAGES, paginate */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37638);
/**
 * One way to walk a paged listing, whatever the API's paging style: numbered pages (EAS, DLC,
 * CloudMonitor's metric metadata) or continuation tokens (OSS, CloudMonitor's datapoints). Every
 * list-all in the clients goes through `paginate`, so each gets the same two guards: a cap on
 * pages, and a stop when a server hands out a cursor it gave before (it would loop forever).
 */

const DEFAULT_MAX_PAGES = 1000;
/** Yields the pages' items in order, one array per request. */
async function* paginate(fetchPage, options) {
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    if (!Number.isInteger(maxPages) || maxPages < 1)
        throw new RangeError(`maxPages must be a positive integer`);
    const seen = new Set();
    let cursor;
    for (let read = 0;;) {
        const page = await fetchPage(cursor);
        read++;
        yield page.items;
        if (page.next === undefined)
            return;
        if (seen.has(page.next)) {
            throw pagingError(options, `${options.cursorName ?? 'cursor'} ${String(page.next)} came back a second time; the listing would never end`);
        }
        if (read >= maxPages) {
            if (options.whenCapped === 'stop')
                return;
            throw pagingError(options, `more than ${maxPages} pages; the listing was stopped before its end`);
        }
        seen.add(page.next);
        cursor = page.next;
    }
}
/** Every item of every page, in order. */
async function collectPages(fetchPage, options) {
    const items = [];
    for await (const page of paginate(fetchPage, options))
        items.push(...page);
    return items;
}
/**
 * Adapts a PageNumber/PageSize API (first page 1) to FetchPage. A listing ends on a short page,
 * or once TotalCount items have arrived; without TotalCount only a short page says it is done.
 */
function numberedPages(pageSize, fetchNumbered) {
    let received = 0;
    return async (cursor) => {
        const pageNumber = cursor ?? 1;
        const answer = await fetchNumbered(pageNumber, pageSize);
        received += answer.items.length;
        const complete = answer.items.length < pageSize || (answer.totalCount !== undefined && received >= answer.totalCount);
        return complete ? { items: answer.items } : { items: answer.items, next: pageNumber + 1 };
    };
}
function pagingError(options, message) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PaiApiError */ .F7({
        code: _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .INVALID_RESPONSE_CODE */ .CV,
        message: `listing: ${message}`,
        product: options.product,
        action: options.action,
    });
}


/***/ })

};
