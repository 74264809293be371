export const id = 66;
export const ids = [66];
export const modules = {

/***/ 58066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CMS_PRODUCT: () => (/* binding */ CMS_PRODUCT),
  CmsClient: () => (/* binding */ CmsClient),
  DEFAULT_EAS_METRICS: () => (/* reexport */ cms_metric_names/* DEFAULT_EAS_METRICS */.W),
  DEFAULT_EAS_NAMESPACE: () => (/* reexport */ cms_metric_names/* DEFAULT_EAS_NAMESPACE */.m),
  MetricNotFoundError: () => (/* binding */ MetricNotFoundError),
  cmsEndpointHost: () => (/* binding */ cmsEndpointHost),
  parseDatapoints: () => (/* binding */ parseDatapoints),
  summariseEasWindow: () => (/* reexport */ summariseEasWindow)
});

// EXTERNAL MODULE: ./node_modules/@alicloud/cms20190101/dist/client.js
var client = __webpack_require__(79805);
var client_default = /*#__PURE__*/__webpack_require__.n(client);
// EXTERNAL MODULE: ./node_modules/@darabonba/typescript/dist/index.js
var dist = __webpack_require__(85783);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(37638);
// EXTERNAL MODULE: ./packages/core/src/paging.ts
var paging = __webpack_require__(89101);
// EXTERNAL MODULE: ./packages/core/src/retry.ts
var retry = __webpack_require__(59899);
// EXTERNAL MODULE: ./packages/core/src/clients/cjs.ts
var cjs = __webpack_require__(63580);
// EXTERNAL MODULE: ./packages/core/src/clients/cms-metric-names.ts
var cms_metric_names = __webpack_require__(46009);
;// CONCATENATED MODULE: ./packages/core/src/clients/cms-window.ts
function summariseEasWindow(service, series, span) {
    const count = (points) => points.reduce((sum, p) => sum + Math.round(statistic(p) * span.periodSeconds), 0);
    const requests = count(series.requests);
    const errors = count(series.serverErrors);
    const p95s = series.p95Latency.map(statistic);
    const windowSeconds = (span.windowEnd - span.windowStart) / 1000;
    return {
        service,
        ...span,
        activePeriods: series.requests.filter((p) => statistic(p) > 0).length,
        requests,
        errors,
        errorRate: requests > 0 ? errors / requests : 0,
        p95LatencyMs: requests > 0 && p95s.length > 0 ? Math.max(...p95s) / 1000 : undefined,
        qps: windowSeconds > 0 ? requests / windowSeconds : 0,
    };
}
// Rates and percentiles come as `Value`; fall back to `Average` for metrics that only have that.
function statistic(point) {
    return point.values['Value'] ?? point.values['Average'] ?? 0;
}

// EXTERNAL MODULE: ./packages/core/src/clients/openapi-config.ts
var openapi_config = __webpack_require__(44305);
;// CONCATENATED MODULE: ./packages/core/src/clients/cms.ts
/**
 * CloudMonitor (CMS 2019-01-01) through the official @alicloud/cms20190101 client, as it is: the
 * metric queries the rollout reads, each through the shared retry policy, with the Datapoints
 * JSON string parsed into typed points. docs/metrics.md describes the EAS metrics and semantics.
 */











const Client = (0,cjs/* defaultExport */.A)(client, '@alicloud/cms20190101');
// Request models are named exports; inside an ncc bundle they may sit on the default object instead.
const models = (client.DescribeMetricListRequest
    ? client
    : (client_default()));
const CMS_PRODUCT = 'cms';
const cmsEndpointHost = (region) => `metrics.${region}.aliyuncs.com`;
/** A metric the configuration names that CloudMonitor does not list. */
class MetricNotFoundError extends Error {
    namespace;
    metricName;
    available;
    name = 'MetricNotFoundError';
    constructor(namespace, metricName, available) {
        super(available.length === 0
            ? `CloudMonitor lists no metrics in namespace "${namespace}" (wanted "${metricName}"): check the namespace.`
            : `CloudMonitor has no metric "${metricName}" in namespace "${namespace}"; DescribeMetricMetaList lists: ${available.join(', ')}. Set the metric name to one of these.`);
        this.namespace = namespace;
        this.metricName = metricName;
        this.available = available;
    }
}
const META_PAGE_SIZE = 100;
const MAX_META_PAGES = 100;
class CmsClient {
    options;
    client;
    metaByNamespace = new Map();
    constructor(options) {
        this.options = options;
        this.client = new Client((0,openapi_config/* openApiConfig */.b)(options, cmsEndpointHost(options.region)));
    }
    /** One page of datapoints. */
    async describeMetricList(query) {
        const request = new models.DescribeMetricListRequest(metricRequestFields(query));
        const body = await this.call('DescribeMetricList', async () => {
            const response = await this.client.describeMetricListWithOptions(request, this.runtime());
            this.options.onResponse?.(response.headers ?? {});
            return response.body;
        });
        return toPage(body, query.period);
    }
    /** Every datapoint of the query, following NextToken to the end (ListAllOptions.pageSize: points per page, ≤ 1440). */
    describeMetricListAll(query, options = {}) {
        const length = options.pageSize ?? query.length;
        return (0,paging/* collectPages */.VV)(async (nextToken) => {
            const page = await this.describeMetricList({
                ...query,
                ...(length === undefined ? {} : { length }),
                ...(nextToken ? { nextToken } : {}),
            });
            return { items: page.datapoints, ...(page.nextToken ? { next: page.nextToken } : {}) };
        }, { ...options, product: CMS_PRODUCT, action: 'DescribeMetricList', cursorName: 'NextToken' });
    }
    /** The newest datapoint of each resource. */
    async describeMetricLast(query) {
        const request = new models.DescribeMetricLastRequest(metricRequestFields(query));
        const body = await this.call('DescribeMetricLast', async () => {
            const response = await this.client.describeMetricLastWithOptions(request, this.runtime());
            this.options.onResponse?.(response.headers ?? {});
            return response.body;
        });
        return toPage(body, query.period);
    }
    /** The metrics CloudMonitor knows in a namespace (all pages). */
    describeMetricMetaList(namespace, metricName, options = {}) {
        const pages = (0,paging/* numberedPages */.tr)(options.pageSize ?? META_PAGE_SIZE, async (pageNumber, pageSize) => {
            const request = new models.DescribeMetricMetaListRequest({
                namespace,
                ...(metricName ? { metricName } : {}),
                pageNumber,
                pageSize,
            });
            const body = await this.call('DescribeMetricMetaList', async () => {
                const response = await this.client.describeMetricMetaListWithOptions(request, this.runtime());
                this.options.onResponse?.(response.headers ?? {});
                return response.body;
            });
            const total = Number(body?.totalCount);
            return {
                items: (body?.resources?.resource ?? []).map(toMeta),
                ...(body?.totalCount === undefined || !Number.isFinite(total) ? {} : { totalCount: total }),
            };
        });
        return (0,paging/* collectPages */.VV)(pages, {
            maxPages: MAX_META_PAGES,
            ...options,
            product: CMS_PRODUCT,
            action: 'DescribeMetricMetaList',
            cursorName: 'PageNumber',
        });
    }
    /**
     * Fails with MetricNotFoundError when a name is not listed in the namespace. Asks once per
     * namespace and client. When DescribeMetricMetaList is not allowed (403), the check is skipped
     * with a warning: the queries themselves will still fail on a wrong name.
     */
    async requireMetrics(namespace, metricNames) {
        let known = this.metaByNamespace.get(namespace);
        if (!known) {
            known = this.loadMetas(namespace);
            this.metaByNamespace.set(namespace, known);
            known.catch(() => this.metaByNamespace.delete(namespace));
        }
        const metas = await known;
        if (!metas)
            return;
        for (const name of metricNames) {
            if (!metas.has(name))
                throw new MetricNotFoundError(namespace, name, [...metas.keys()]);
        }
    }
    /**
     * Requests, 5xx errors, error rate, P95 latency and QPS of one EAS service over a window, read
     * from CloudMonitor. The window is widened to whole periods; see cms-window.ts for how the
     * periods are combined.
     */
    async easServiceWindow(query) {
        const namespace = query.namespace ?? cms_metric_names/* DEFAULT_EAS_NAMESPACE */.m;
        const names = { ...cms_metric_names/* DEFAULT_EAS_METRICS */.W, ...query.metricNames };
        const period = query.period ?? 60;
        await this.requireMetrics(namespace, [names.requests, names.serverErrors, names.p95Latency]);
        const periodMs = period * 1000;
        const windowStart = Math.floor(toEpochMs(query.start) / periodMs) * periodMs;
        const windowEnd = Math.ceil(toEpochMs(query.end) / periodMs) * periodMs;
        if (!(windowEnd > windowStart))
            throw new RangeError('easServiceWindow: end must be later than start');
        // Ask one period wider on the left and filter here: correct whether the cloud treats
        // StartTime/EndTime as (start, end] (its reference) or as [start, end).
        const read = (metricName) => this.describeMetricListAll({
            namespace,
            metricName,
            dimensions: [{ serviceName: query.service }],
            period,
            startTime: windowStart - periodMs,
            endTime: windowEnd,
        }).then((points) => points.filter((p) => p.timestamp >= windowStart && p.timestamp < windowEnd && p.dimensions['serviceName'] === query.service));
        const [requests, serverErrors, p95Latency] = await Promise.all([
            read(names.requests),
            read(names.serverErrors),
            read(names.p95Latency),
        ]);
        const series = { requests, serverErrors, p95Latency };
        return summariseEasWindow(query.service, series, { windowStart, windowEnd, periodSeconds: period });
    }
    async loadMetas(namespace) {
        try {
            return new Map((await this.describeMetricMetaList(namespace)).map((m) => [m.metricName, m]));
        }
        catch (error) {
            if (error instanceof errors/* PaiApiError */.F7 && error.statusCode === 403) {
                this.options.onWarning?.(`Could not check CloudMonitor metric names in "${namespace}" (DescribeMetricMetaList: ${error.code}); continuing without the check.`);
                return undefined;
            }
            throw error;
        }
    }
    runtime() {
        const timeout = this.options.timeoutMs ?? 30_000;
        return new dist.RuntimeOptions({ readTimeout: timeout, connectTimeout: 10_000 });
    }
    call(action, send) {
        return (0,retry/* withRetry */.bD)(async () => {
            const body = await send();
            failOnReportedError(body, action);
            return body;
        }, {
            product: CMS_PRODUCT,
            action,
            idempotent: true,
            ...(this.options.retryPolicy ? { policy: this.options.retryPolicy } : {}),
            ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
        });
    }
}
// CMS can carry a failure in a 200 answer's body (Code other than "200", Success false).
function failOnReportedError(body, action) {
    if (!body)
        throw new errors/* PaiApiError */.F7({ code: 'InvalidResponse', message: 'empty response body', product: CMS_PRODUCT, action });
    const failed = body.success === false || (body.code !== undefined && body.code !== '200');
    if (!failed)
        return;
    const code = body.code ?? 'Unknown';
    throw new errors/* PaiApiError */.F7({
        code,
        message: body.message ?? 'CloudMonitor reported a failure without a message',
        product: CMS_PRODUCT,
        action,
        ...(body.requestId ? { requestId: body.requestId } : {}),
        ...(/^\d{3}$/.test(code) ? { statusCode: Number(code) } : {}),
    });
}
function metricRequestFields(query) {
    return {
        namespace: query.namespace,
        metricName: query.metricName,
        period: String(query.period),
        startTime: String(toEpochMs(query.startTime)),
        endTime: String(toEpochMs(query.endTime)),
        ...(query.dimensions && query.dimensions.length > 0 ? { dimensions: JSON.stringify(query.dimensions) } : {}),
        ...(query.length !== undefined ? { length: String(query.length) } : {}),
        ...(query.nextToken ? { nextToken: query.nextToken } : {}),
    };
}
function toEpochMs(time) {
    const ms = time instanceof Date ? time.getTime() : time;
    if (!Number.isFinite(ms))
        throw new RangeError(`not a valid time: ${String(time)}`);
    return Math.floor(ms);
}
function toPage(body, askedPeriod) {
    return {
        period: body?.period ? Number(body.period) : askedPeriod,
        datapoints: parseDatapoints(body?.datapoints),
        ...(body?.nextToken ? { nextToken: body.nextToken } : {}),
    };
}
/** Datapoints arrive as a JSON string: numbers are statistics, strings are dimension values. */
function parseDatapoints(raw) {
    if (raw === undefined || raw.trim() === '')
        return [];
    let parsed;
    try {
        parsed = JSON.parse(raw);
    }
    catch (error) {
        throw new errors/* PaiApiError */.F7({
            code: 'InvalidResponse',
            message: `Datapoints is not JSON: ${error.message}`,
            product: CMS_PRODUCT,
        });
    }
    if (!Array.isArray(parsed)) {
        throw new errors/* PaiApiError */.F7({ code: 'InvalidResponse', message: 'Datapoints is not a JSON array', product: CMS_PRODUCT });
    }
    return parsed.map((item) => {
        const fields = (item && typeof item === 'object' ? item : {});
        const point = { timestamp: Number(fields['timestamp']), dimensions: {}, values: {} };
        for (const [key, value] of Object.entries(fields)) {
            if (key === 'timestamp')
                continue;
            if (typeof value === 'number')
                point.values[key] = value;
            else if (typeof value === 'string')
                point.dimensions[key] = value;
        }
        return point;
    });
}
function toMeta(resource) {
    const list = (value) => (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    return {
        namespace: resource.namespace ?? '',
        metricName: resource.metricName ?? '',
        description: resource.description ?? '',
        unit: resource.unit ?? '',
        periods: list(resource.periods).map(Number).filter(Number.isFinite),
        statistics: list(resource.statistics),
        dimensions: list(resource.dimensions),
    };
}


/***/ }),

/***/ 44305:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ openApiConfig)
/* harmony export */ });
/* harmony import */ var _alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(69764);
/* harmony import */ var _alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(_alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _endpoint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(25337);


const { $OpenApiUtil } = _alicloud_openapi_core__WEBPACK_IMPORTED_MODULE_0__;
/**
 * The openapi-core Config of a signed client, whether our ROA clients or an official SDK (CMS):
 * the caller's credentials, the product's regional host unless overridden, and one timeout policy.
 */
function openApiConfig(options, defaultHost) {
    const endpoint = (0,_endpoint_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveEndpoint */ .sO)(options.endpoint, defaultHost);
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
