// Evaluates the access-log filters Istio generates, for one call: the CEL comparisons on the
// upstream cluster that `observe` writes, and nothing else. A filter outside that subset is
// reported as unknown rather than guessed.

/** What a call looks like to a filter: the cluster Envoy sent it to. */
export interface LogContext {
    clusterName: string;
}

const COMPARISON = /^xds\.cluster_name\s*(==|!=)\s*'([^']*)'$/;

function comparison(text: string, ctx: LogContext): boolean | undefined {
    const m = COMPARISON.exec(text.trim());
    if (!m) return undefined;
    return (ctx.clusterName === m[2]) === (m[1] === "==");
}

/** A CEL expression of comparisons joined by `||` and `&&` (`&&` binds tighter), no parentheses. */
export function evaluateCel(expression: string, ctx: LogContext): boolean | undefined {
    let any = false;
    for (const disjunct of expression.split("||")) {
        let all = true;
        for (const conjunct of disjunct.split("&&")) {
            const value = comparison(conjunct, ctx);
            if (value === undefined) return undefined;
            all &&= value;
        }
        any ||= all;
    }
    return any;
}

/** Whether a log with these filters (the simulator's `cel:<expression>` texts, all must hold) writes the call. */
export function logWrites(filters: string[], ctx: LogContext): boolean | undefined {
    let writes = true;
    for (const f of filters) {
        if (!f.startsWith("cel:")) return undefined;
        const value = evaluateCel(f.slice("cel:".length), ctx);
        if (value === undefined) return undefined;
        writes &&= value;
    }
    return writes;
}
