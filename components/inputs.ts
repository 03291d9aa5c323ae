// Pulumi Inputs in the pure core: it plans with what is known now and leaves the rest to the
// component, which passes the user's Inputs to the registered resources untouched.

/** A value resolved later (a Pulumi Output or a promise): present, but not checkable now. */
export function isDeferred(value: unknown): boolean {
    if (value === null || typeof value !== "object") return false;
    const v = value as Record<string, unknown>;
    return typeof v.then === "function" || typeof v.apply === "function" || v.__pulumiOutput === true;
}

/**
 * Stands in for a string not known until the engine resolves it, so the plan's objects can be
 * checked against Istio's schemas; the component registers the user's Input in its place.
 */
export const PENDING_VALUE = "pending-until-apply";

/** A list of string Inputs as the plan sees it: each deferred entry (or the whole list) pending. */
export function knownStrings(value: unknown): string[] {
    if (isDeferred(value)) return [PENDING_VALUE];
    return (value as unknown[]).map((v) => (isDeferred(v) ? PENDING_VALUE : (v as string)));
}

/** A structure of Inputs as the plan sees it: deferred parts left out. */
export function knownPart<T>(value: T): T {
    if (Array.isArray(value)) return value.filter((v) => !isDeferred(v)).map(knownPart) as T;
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).filter(([, v]) => !isDeferred(v)).map(([k, v]) => [k, knownPart(v)])) as T;
    }
    return value;
}

/**
 * Whether an argument path is one the contract types `pulumi.Input` (components/args.ts): the
 * only places an Output may stand. Every other argument decides at preview which objects exist and
 * how they are checked, so it must be a plain value.
 */
export function isInputPath(path: string): boolean {
    const patterns = [
        /^meshId$/,
        /^kubeconfig$/,
        /^clusterIds(\[\d+\])?$/,
        /^newMesh\.(vpcId|vswitchId|version|name|securityGroupId)$/,
        /^gateway\.(tolerations|affinity)(\[\d+\]|\.[^.[]+)*$/,
        /^egressIp\.(vswitchIds\[\d+\]|natGatewayId|vpcId|natGatewayVswitchId|eipIds\[\d+\])$/,
        /^egressIp\.tolerations(\[\d+\]|\.[^.[]+)*$/,
        /^egressIp\.nodePool\.(clusterId|instanceTypes\[\d+\])$/,
    ];
    return patterns.some((p) => p.test(path));
}

/**
 * Top-level arguments whose Outputs the component keeps as Outputs (their dependencies and
 * secrecy go on to the resources); a known Output elsewhere may be read as its plain value.
 */
export function inputArguments(): string[] {
    return ["meshId", "kubeconfig", "clusterIds", "newMesh", "egressIp"];
}

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
    if (Array.isArray(value)) return true;
    if (value === null || typeof value !== "object") return false;
    const proto = Object.getPrototypeOf(value);
    // Class instances (a Kubernetes provider in bypassProtection) are passed as they are.
    return proto === Object.prototype || proto === null;
}

/** Paths of the Outputs that stand where the contract needs a plain value, in input order. */
export function misplacedOutputs(value: unknown, path = ""): string[] {
    if (isDeferred(value)) return isInputPath(path) ? [] : [path];
    if (!isPlainContainer(value)) return [];
    const entries: [string, unknown][] = Array.isArray(value)
        ? value.map((v, i) => [`${path}[${i}]`, v])
        : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v]);
    return entries.flatMap(([p, v]) => misplacedOutputs(v, p));
}
