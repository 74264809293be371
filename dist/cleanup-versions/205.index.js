export const id = 205;
export const ids = [205];
export const modules = {

/***/ 84205:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  EAS_PRODUCT: () => (/* binding */ EAS_PRODUCT),
  EasClient: () => (/* binding */ EasClient),
  SERVICE_NOT_FOUND_CODE: () => (/* binding */ SERVICE_NOT_FOUND_CODE),
  carriesSpec: () => (/* binding */ carriesSpec),
  serviceStatusPhase: () => (/* binding */ serviceStatusPhase)
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

;// CONCATENATED MODULE: ./packages/core/src/clients/eas.ts
/**
 * Typed client for PAI-EAS 2021-07-01 (ROA, JSON, path prefix /api/v2) on openapi-core, with
 * the official operation and field names. The cloud's `{ClusterId}` path segment is the region.
 * Every call goes through the shared retry policy; only idempotent calls are repeated after an
 * ambiguous failure, and CreateService checks by name whether an attempt went through.
 */




const EAS_PRODUCT = {
    name: 'eas',
    version: '2021-07-01',
    endpointHost: (region) => `pai-eas.${region}.aliyuncs.com`,
};
const DEFAULT_PAGE_SIZE = 100;
/** The Code EAS answers for a service that does not exist. */
const SERVICE_NOT_FOUND_CODE = 'InvalidService.NotFound';
class EasClient {
    roa;
    region;
    constructor(options) {
        this.roa = new RoaClient(EAS_PRODUCT, options);
        this.region = options.region;
    }
    /**
     * Not idempotent: after an ambiguous failure (5xx, reset, timeout) it looks the service up by
     * name and accepts it as this call's result when it carries the spec that was sent, so a create
     * that went through neither fails the caller nor runs twice. The same check answers a retry
     * that is refused because the name exists: the look-up after the ambiguous failure may have
     * run before the service showed up, so an earlier attempt of this very call may have made it.
     */
    async createService(request) {
        const body = typeof request.Body === 'string' ? request.Body : JSON.stringify(request.Body);
        const spec = parseSpec(body);
        const name = typeof spec?.name === 'string' ? spec.name : undefined;
        let retried = false;
        try {
            return await this.roa.call({
                action: 'CreateService',
                method: 'POST',
                pathname: '/api/v2/services',
                query: {
                    Develop: request.Develop,
                    Labels: request.Labels ? JSON.stringify(request.Labels) : undefined,
                    WorkspaceId: request.WorkspaceId,
                },
                body,
                idempotent: false,
                onRetry: () => (retried = true),
                ...(name && spec ? { alreadyApplied: () => this.findCreated(name, spec) } : {}),
            });
        }
        catch (error) {
            if (retried && name && spec && isAlreadyExists(error)) {
                const created = await this.findCreated(name, spec);
                if (created)
                    return created;
            }
            throw error;
        }
    }
    describeService(serviceName) {
        return this.read('DescribeService', this.servicePath(serviceName));
    }
    /** DescribeService, or undefined when the service does not exist. */
    async findService(serviceName) {
        try {
            return await this.describeService(serviceName);
        }
        catch (error) {
            if (error instanceof errors/* PaiApiError */.F7 && error.code === SERVICE_NOT_FOUND_CODE)
                return undefined;
            throw error;
        }
    }
    listServices(request = {}) {
        const { Label, ...rest } = request;
        return this.read('ListServices', '/api/v2/services', {
            ...rest,
            Label: Label ? JSON.stringify(Label) : undefined,
        });
    }
    /** Every service matching the filters, walking the pages (ListAllOptions.pageSize: default 100). */
    listAllServices(request = {}, options = {}) {
        const pages = (0,paging/* numberedPages */.tr)(options.pageSize ?? DEFAULT_PAGE_SIZE, async (PageNumber, PageSize) => {
            const answer = await this.listServices({ ...request, PageNumber, PageSize });
            return {
                items: answer.Services ?? [],
                ...(answer.TotalCount === undefined ? {} : { totalCount: answer.TotalCount }),
            };
        });
        return (0,paging/* collectPages */.VV)(pages, { ...options, product: 'eas', action: 'ListServices', cursorName: 'PageNumber' });
    }
    /** Not idempotent: each applied update makes a new version. */
    updateService(serviceName, request) {
        return this.roa.call({
            action: 'UpdateService',
            method: 'PUT',
            pathname: this.servicePath(serviceName),
            query: { UpdateType: request.UpdateType, MemberToUpdate: request.MemberToUpdate },
            body: typeof request.Body === 'string' ? request.Body : JSON.stringify(request.Body),
            idempotent: false,
        });
    }
    /** Switches the service to an existing version (a rollback); repeating it changes nothing. */
    updateServiceVersion(serviceName, request) {
        return this.write('UpdateServiceVersion', 'PUT', `${this.servicePath(serviceName)}/version`, {
            Version: request.Version,
        });
    }
    listServiceVersions(serviceName, request = {}) {
        return this.read('ListServiceVersions', `${this.servicePath(serviceName)}/versions`, { ...request });
    }
    /**
     * A retry that finds the service gone means an earlier attempt, answered with a 5xx or lost
     * to a reset, did delete it: that is this call's success, not a failure.
     */
    async deleteService(serviceName) {
        let retried = false;
        try {
            return await this.roa.call({
                action: 'DeleteService',
                method: 'DELETE',
                pathname: this.servicePath(serviceName),
                idempotent: true,
                onRetry: () => (retried = true),
            });
        }
        catch (error) {
            if (retried && error instanceof errors/* PaiApiError */.F7 && error.code === SERVICE_NOT_FOUND_CODE) {
                return { Message: `service [${serviceName}] was deleted by an earlier attempt of this call` };
            }
            throw error;
        }
    }
    startService(serviceName) {
        return this.write('StartService', 'PUT', `${this.servicePath(serviceName)}/start`);
    }
    stopService(serviceName) {
        return this.write('StopService', 'PUT', `${this.servicePath(serviceName)}/stop`);
    }
    /** Adds or overwrites labels. */
    updateServiceLabel(serviceName, request) {
        return this.write('UpdateServiceLabel', 'PUT', `${this.servicePath(serviceName)}/label`, {
            Labels: request.Labels,
        });
    }
    deleteServiceLabel(serviceName, request) {
        return this.write('DeleteServiceLabel', 'DELETE', `${this.servicePath(serviceName)}/label`, undefined, {
            LabelKeys: JSON.stringify(request.LabelKeys),
        });
    }
    /** Not idempotent (a second create is refused); an applied attempt is recognised by min/max. */
    createServiceAutoScaler(serviceName, request) {
        return this.roa.call({
            action: 'CreateServiceAutoScaler',
            method: 'POST',
            pathname: `${this.servicePath(serviceName)}/autoscaler`,
            body: autoScalerBody(request),
            idempotent: false,
            alreadyApplied: async () => {
                const current = await this.describeServiceAutoScaler(serviceName).catch(() => undefined);
                const same = current?.MinReplica === request.min && current?.MaxReplica === request.max;
                return same ? { RequestId: current?.RequestId, Message: 'autoscaler already in place' } : undefined;
            },
        });
    }
    updateServiceAutoScaler(serviceName, request) {
        return this.write('UpdateServiceAutoScaler', 'PUT', `${this.servicePath(serviceName)}/autoscaler`, autoScalerBody(request));
    }
    describeServiceAutoScaler(serviceName) {
        return this.read('DescribeServiceAutoScaler', `${this.servicePath(serviceName)}/autoscaler`);
    }
    deleteServiceAutoScaler(serviceName) {
        return this.write('DeleteServiceAutoScaler', 'DELETE', `${this.servicePath(serviceName)}/autoscaler`);
    }
    listServiceInstances(serviceName, request = {}) {
        return this.read('ListServiceInstances', `${this.servicePath(serviceName)}/instances`, { ...request });
    }
    describeServiceEndpoints(serviceName) {
        return this.read('DescribeServiceEndpoints', `${this.servicePath(serviceName)}/endpoints`);
    }
    /**
     * Sets the service's traffic weight within its group and whether it takes group traffic at
     * all; an absolute setting, so repeating it is harmless.
     */
    releaseService(serviceName, request) {
        return this.write('ReleaseService', 'PUT', `${this.servicePath(serviceName)}/release`, {
            Weight: request.Weight,
            ...(request.TrafficState ? { TrafficState: request.TrafficState } : {}),
        });
    }
    describeGroup(groupName) {
        return this.read('DescribeGroup', this.groupPath(groupName));
    }
    listGroups(request = {}) {
        return this.read('ListGroups', '/api/v2/groups', { ...request });
    }
    updateGroup(groupName, request) {
        return this.write('UpdateGroup', 'PUT', this.groupPath(groupName), { ...request });
    }
    describeGroupEndpoints(groupName) {
        return this.read('DescribeGroupEndpoints', `${this.groupPath(groupName)}/endpoints`);
    }
    servicePath(serviceName) {
        return path `/api/v2/services/${this.region}/${serviceName}`;
    }
    groupPath(groupName) {
        return path `/api/v2/groups/${this.region}/${groupName}`;
    }
    read(action, pathname, query) {
        return this.roa.call({ action, method: 'GET', pathname, ...(query ? { query } : {}), idempotent: true });
    }
    write(action, method, pathname, body, query) {
        return this.roa.call({
            action,
            method,
            pathname,
            ...(body === undefined ? {} : { body }),
            ...(query ? { query } : {}),
            idempotent: true,
        });
    }
    async findCreated(name, sent) {
        const found = await this.findService(name);
        if (!found || !carriesSpec(found.ServiceConfig, sent))
            return undefined;
        return {
            ...(found.RequestId ? { RequestId: found.RequestId } : {}),
            ServiceId: found.ServiceId,
            ServiceName: found.ServiceName,
            Status: found.Status,
            Region: found.Region ?? this.region,
            InternetEndpoint: found.InternetEndpoint,
            IntranetEndpoint: found.IntranetEndpoint,
        };
    }
}
/**
 * Running, Stopped and Failed (also DeleteFailed) are settled; everything else, including
 * values nobody has documented, is a transition the caller keeps waiting on, up to its timeout.
 */
function serviceStatusPhase(status) {
    switch (status) {
        case 'Running':
            return 'running';
        case 'Stopped':
            return 'stopped';
        case 'Failed':
        case 'DeleteFailed':
            return 'failed';
        default:
            return 'in-progress';
    }
}
/** EAS's Code for a taken name is not documented: 409 or a Code saying "already exists". */
function isAlreadyExists(error) {
    return error instanceof errors/* PaiApiError */.F7 && (error.statusCode === 409 || /already ?exist/i.test(error.code));
}
function autoScalerBody(request) {
    return {
        min: request.min,
        max: request.max,
        scaleStrategies: request.scaleStrategies,
        ...(request.behavior ? { behavior: request.behavior } : {}),
    };
}
function parseSpec(body) {
    try {
        const parsed = JSON.parse(body);
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** True when every value that was sent appears in the service's stored JSON (which may add defaults). */
function carriesSpec(serviceConfig, sent) {
    const stored = serviceConfig ? parseSpec(serviceConfig) : undefined;
    return stored !== undefined && contains(stored, sent);
}
function contains(whole, part) {
    if (part === null || typeof part !== 'object')
        return whole === part;
    if (whole === null || typeof whole !== 'object' || Array.isArray(part) !== Array.isArray(whole))
        return false;
    if (Array.isArray(part)) {
        const list = whole;
        return part.length === list.length && part.every((item, i) => contains(list[i], item));
    }
    const record = whole;
    return Object.entries(part).every(([key, value]) => contains(record[key], value));
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
