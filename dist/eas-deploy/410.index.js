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
/* harmony import */ var _clients_cjs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(63580);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37638);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(97276);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(59899);
/**
 * The OSS operations the actions need (JSON artefacts, metadata, listings, clean-up), on ali-oss,
 * addressed by `oss://bucket/key` URIs. Every call goes through the one retry policy.
 */





const AliOssClient = (0,_clients_cjs_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultExport */ .A)(ali_oss__WEBPACK_IMPORTED_MODULE_0__, 'ali-oss');
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
    /** Every object under the URI's prefix, in key order, following continuation tokens across pages. */
    async listAll(prefixUri) {
        const { bucket, prefix } = toLocation(prefixUri);
        const client = this.bucket(bucket);
        const objects = [];
        const seenTokens = new Set();
        let token;
        do {
            const query = {
                prefix,
                'max-keys': LIST_PAGE_SIZE,
                ...(token ? { 'continuation-token': token } : {}),
            };
            const page = await this.call('ListObjectsV2', () => client.listV2(query));
            for (const object of page.objects ?? []) {
                objects.push({
                    bucket,
                    prefix: object.name,
                    key: object.name,
                    size: Number(object.size),
                    etag: object.etag,
                    lastModified: new Date(object.lastModified),
                });
            }
            token = page.isTruncated ? page.nextContinuationToken || undefined : undefined;
            if (page.isTruncated && !token)
                throw new Error(`listing ${(0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .formatOssUri */ .d6)({ bucket, prefix })}: a truncated page carried no continuation token`);
            // A server that hands out the same token twice would keep us listing forever.
            if (token && seenTokens.has(token))
                throw new Error(`listing ${(0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .formatOssUri */ .d6)({ bucket, prefix })}: continuation token repeated`);
            if (token)
                seenTokens.add(token);
        } while (token);
        return objects;
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
        return (0,_retry_js__WEBPACK_IMPORTED_MODULE_3__/* .withRetry */ .bD)(observed, {
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


/***/ })

};
