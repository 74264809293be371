export const id = 664;
export const ids = [664];
export const modules = {

/***/ 5664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DLC_IDEMPOTENCY_TAG: () => (/* reexport */ dlc_types/* DLC_IDEMPOTENCY_TAG */.pP),
  DLC_PRODUCT: () => (/* binding */ DLC_PRODUCT),
  DlcClient: () => (/* binding */ DlcClient)
});

// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: ./packages/core/src/paging.ts
var paging = __webpack_require__(89101);
// EXTERNAL MODULE: ./node_modules/@alicloud/openapi-core/dist/client.js
var client = __webpack_require__(69764);
// EXTERNAL MODULE: ./node_modules/@darabonba/typescript/dist/index.js
var dist = __webpack_require__(85783);
// EXTERNAL MODULE: ./packages/core/src/retry.ts
var retry = __webpack_require__(59899);
// EXTERNAL MODULE: ./packages/core/src/clients/cjs.ts
var cjs = __webpack_require__(63580);
// EXTERNAL MODULE: ./packages/core/src/clients/endpoint.ts
var clients_endpoint = __webpack_require__(25337);
;// CONCATENATED MODULE: ./packages/core/src/clients/openapi-config.ts


const { $OpenApiUtil } = client;
/**
 * The openapi-core Config of a signed client, whether our ROA clients or an official SDK (CMS):
 * the caller's credentials, the product's regional host unless overridden, and one timeout policy.
 */
function openApiConfig(options, defaultHost) {
    const endpoint = (0,clients_endpoint/* resolveEndpoint */.sO)(options.endpoint, defaultHost);
    return new $OpenApiUtil.Config({
        accessKeyId: options.credentials.accessKeyId,
        accessKeySecret: options.credentials.accessKeySecret,
        ...(options.credentials.securityToken ? { securityToken: options.credentials.securityToken } : {}),
        endpoint: endpoint.host,
        protocol: endpoint.protocol,
        regionId: options.region,
        readTimeout: options.timeoutMs ?? 30_000,
        connectTimeout: 10_000,
        // One connection per request: the SDK's HTTP layer (httpx) arms a read timer on the socket and
        // only clears it when it reads the body itself, which openapi-core does not; on a kept-alive
        // socket that stale timer later cancels the next request's timer, so a hung answer would never
        // time out. Unsigned (ACS3 signs host, content-type and x-acs-* headers only).
        globalParameters: new $OpenApiUtil.GlobalParameters({ headers: { connection: 'close' } }),
    });
}

;// CONCATENATED MODULE: ./packages/core/src/clients/roa.ts






const OpenApiClient = (0,cjs/* defaultExport */.A)(client, '@alicloud/openapi-core');
const { $OpenApiUtil: roa_$OpenApiUtil } = client;
/**
 * Builds a path from a template and values, percent-encoding each value as the generated SDKs
 * do (openapi-core leaves path encoding to the caller).
 */
function path(strings, ...values) {
    return strings.reduce((out, part, i) => out + part + (i < values.length ? encodePathSegment(values[i]) : ''), '');
}
function encodePathSegment(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/**
 * An ROA-style OpenAPI client (EAS, DLC) on openapi-core: the same ACS3 signing and error
 * shapes as the generated SDKs, with every call going through the one retry policy.
 */
class RoaClient {
    product;
    options;
    client;
    constructor(product, options) {
        this.product = product;
        this.options = options;
        this.client = new OpenApiClient(openApiConfig(options, product.endpointHost(options.region)));
    }
    async call(request) {
        const params = new roa_$OpenApiUtil.Params({
            action: request.action,
            version: this.product.version,
            protocol: 'HTTPS',
            pathname: request.pathname,
            method: request.method,
            authType: 'AK',
            style: 'ROA',
            reqBodyType: 'json',
            bodyType: 'json',
        });
        const query = stringifyQuery(request.query);
        const send = async () => {
            const openApiRequest = new roa_$OpenApiUtil.OpenApiRequest({
                ...(Object.keys(query).length ? { query } : {}),
                ...(request.body === undefined ? {} : { body: request.body }),
            });
            const response = (await this.client.callApi(params, openApiRequest, new dist.RuntimeOptions({})));
            this.options.onResponse?.(response.headers ?? {});
            if (response.body === undefined || response.body === null || typeof response.body !== 'object') {
                throw new errors/* PaiApiError */.F7({
                    code: 'InvalidResponse',
                    message: `expected a JSON object, got ${typeof response.body}`,
                    product: this.product.name,
                    action: request.action,
                    ...(response.statusCode ? { statusCode: response.statusCode } : {}),
                });
            }
            return response.body;
        };
        return (0,retry/* withRetry */.bD)(send, {
            product: this.product.name,
            action: request.action,
            idempotent: request.idempotent,
            ...(this.options.retryPolicy ? { policy: this.options.retryPolicy } : {}),
            ...(this.options.onRetry || request.onRetry
                ? {
                    onRetry: (info) => {
                        this.options.onRetry?.(info);
                        request.onRetry?.(info);
                    },
                }
                : {}),
            ...(request.alreadyApplied ? { alreadyApplied: request.alreadyApplied } : {}),
        });
    }
}
function stringifyQuery(query) {
    const out = {};
    for (const [key, value] of Object.entries(query ?? {}))
        if (value !== undefined)
            out[key] = String(value);
    return out;
}

// EXTERNAL MODULE: ./packages/core/src/clients/dlc-types.ts
var dlc_types = __webpack_require__(28063);
;// CONCATENATED MODULE: ./packages/core/src/clients/dlc.ts




const DLC_PRODUCT = {
    // PaiApiError.product: the short name the other clients ('eas', 'cms', 'oss', 'sts') and the emulator use.
    name: 'dlc',
    version: '2020-12-03',
    endpointHost: (region) => `pai-dlc.${region}.aliyuncs.com`,
};
// Defined with the types so pure modules can name it without loading the client and its SDK.

const MAX_IDEMPOTENCY_KEY_LENGTH = 128;
/** Typed PAI-DLC client (API version 2020-12-03, ROA under /api/v1) on openapi-core. */
class DlcClient {
    roa;
    constructor(options) {
        this.roa = new RoaClient(DLC_PRODUCT, options);
    }
    /** CreateJob is not idempotent: pass `idempotencyKey` so a retried create never submits twice. */
    createJob(request, options = {}) {
        const key = options.idempotencyKey;
        if (key !== undefined)
            checkIdempotencyKey(key);
        const body = key === undefined
            ? request
            : {
                ...request,
                Settings: { ...request.Settings, Tags: { ...request.Settings?.Tags, [dlc_types/* DLC_IDEMPOTENCY_TAG */.pP]: key } },
            };
        return this.roa.call({
            action: 'CreateJob',
            method: 'POST',
            pathname: '/api/v1/jobs',
            body,
            idempotent: false,
            ...(key === undefined
                ? {}
                : {
                    alreadyApplied: async () => {
                        const job = await this.findJobByIdempotencyKey(key, request.DisplayName);
                        return job ? { JobId: job.JobId } : undefined;
                    },
                }),
        });
    }
    getJob(jobId, request = {}) {
        return this.roa.call({
            action: 'GetJob',
            method: 'GET',
            pathname: path `/api/v1/jobs/${jobId}`,
            query: { NeedDetail: request.NeedDetail },
            idempotent: true,
        });
    }
    listJobs(request = {}) {
        const { Tags, ...rest } = request;
        return this.roa.call({
            action: 'ListJobs',
            method: 'GET',
            pathname: '/api/v1/jobs',
            // The SDK "shrinks" the Tags map into one JSON-encoded query value.
            query: { ...rest, ...(Tags ? { Tags: JSON.stringify(Tags) } : {}) },
            idempotent: true,
        });
    }
    /** Every page of ListJobs, in the service's order (ListAllOptions.pageSize: default 100). */
    listAllJobs(request = {}, options = {}) {
        const pages = (0,paging/* numberedPages */.tr)(options.pageSize ?? 100, async (PageNumber, PageSize) => {
            const response = await this.listJobs({ ...request, PageNumber, PageSize });
            return {
                items: response.Jobs ?? [],
                ...(response.TotalCount === undefined ? {} : { totalCount: response.TotalCount }),
            };
        });
        return (0,paging/* collectPages */.VV)(pages, { ...options, product: 'dlc', action: 'ListJobs', cursorName: 'PageNumber' });
    }
    stopJob(jobId) {
        return this.roa.call({
            action: 'StopJob',
            method: 'POST',
            pathname: path `/api/v1/jobs/${jobId}/stop`,
            idempotent: true,
        });
    }
    /**
     * DeleteJob answers "not found" when repeated after it was applied, so after an ambiguous
     * failure the job is looked up instead of deleting blindly again.
     */
    deleteJob(jobId) {
        return this.roa.call({
            action: 'DeleteJob',
            method: 'DELETE',
            pathname: path `/api/v1/jobs/${jobId}`,
            idempotent: false,
            alreadyApplied: async () => {
                try {
                    await this.getJob(jobId);
                    return undefined;
                }
                catch (error) {
                    if (error instanceof errors/* PaiApiError */.F7 && error.statusCode === 404)
                        return { JobId: jobId };
                    throw error;
                }
            },
        });
    }
    getJobEvents(jobId, request = {}) {
        return this.roa.call({
            action: 'GetJobEvents',
            method: 'GET',
            pathname: path `/api/v1/jobs/${jobId}/events`,
            query: { StartTime: request.StartTime, EndTime: request.EndTime, MaxEventsNum: request.MaxEventsNum },
            idempotent: true,
        });
    }
    getPodLogs(jobId, podId, request = {}) {
        return this.roa.call({
            action: 'GetPodLogs',
            method: 'GET',
            pathname: path `/api/v1/jobs/${jobId}/pods/${podId}/logs`,
            query: {
                PodUid: request.PodUid,
                StartTime: request.StartTime,
                EndTime: request.EndTime,
                MaxLines: request.MaxLines,
                DownloadToFile: request.DownloadToFile,
            },
            idempotent: true,
        });
    }
    getJobMetrics(jobId, request) {
        return this.roa.call({
            action: 'GetJobMetrics',
            method: 'GET',
            pathname: path `/api/v1/jobs/${jobId}/metrics`,
            query: {
                MetricType: request.MetricType,
                StartTime: request.StartTime,
                EndTime: request.EndTime,
                TimeStep: request.TimeStep,
                Token: request.Token,
            },
            idempotent: true,
        });
    }
    /**
     * The job created with this idempotency key, if any (newest first when there are several).
     * The Tags filter narrows the search; the tag itself is checked here too, so a service that
     * ignores the filter cannot make an unrelated job look like ours.
     */
    async findJobByIdempotencyKey(key, displayName) {
        return (await this.listJobsByIdempotencyKey(key, displayName))[0];
    }
    /** Every job created with this idempotency key, newest first (steps that raced can make two). */
    async listJobsByIdempotencyKey(key, displayName) {
        const candidates = await this.listAllJobs({
            ...(displayName ? { DisplayName: displayName } : {}),
            Tags: { [dlc_types/* DLC_IDEMPOTENCY_TAG */.pP]: key },
            SortBy: 'GmtCreateTime',
            Order: 'desc',
        }, 
        // A bounded look-up: the job, if it exists, is among the newest.
        { pageSize: 100, maxPages: 5, whenCapped: 'stop' });
        const keyed = [];
        for (const job of candidates) {
            const tags = job.Settings?.Tags ?? (await this.getJob(job.JobId)).Settings?.Tags;
            if (tags?.[dlc_types/* DLC_IDEMPOTENCY_TAG */.pP] === key)
                keyed.push(job);
        }
        return keyed;
    }
}
function checkIdempotencyKey(key) {
    if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
        throw new RangeError(`DLC idempotency key must be 1..${MAX_IDEMPOTENCY_KEY_LENGTH} characters, got ${key.length}`);
    }
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
