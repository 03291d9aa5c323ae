// Checks for untyped input (a YAML file, another language through the provider, TypeScript
// without types): each adds a problem with its path and what would be valid, and tells the
// caller whether the value can be read further.
import { DNS_SUBDOMAIN, ParsedCidr, parseCidr } from "./hostSyntax";
import { isDeferred } from "./inputs";
import { ProblemList } from "./problems";

export type Obj = Record<string, unknown>;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function isObject(value: unknown): value is Obj {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !isDeferred(value);
}

export function show(value: unknown): string {
    return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

/** Checks one level of an object: required and known fields. Returns the object or undefined. */
export function checkFields(p: ProblemList, path: string, value: unknown, required: string[], optional: string[]): Obj | undefined {
    // A misplaced Output is reported once, by its path.
    if (isDeferred(value)) return undefined;
    if (!isObject(value)) {
        p.add(path, `must be an object with ${required.length ? `fields ${required.join(", ")}` : "optional fields"}`);
        return undefined;
    }
    const known = new Set([...required, ...optional]);
    for (const key of Object.keys(value)) {
        if (!known.has(key)) p.add(`${path}.${key}`, `unknown field; valid fields are ${[...known].join(", ")}`);
    }
    for (const key of required) {
        if (value[key] === undefined || value[key] === null) p.add(`${path}.${key}`, "is required");
    }
    return value;
}

export function checkInt(p: ProblemList, path: string, value: unknown, min: number, max: number): value is number {
    if (value === undefined || isDeferred(value)) return false;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        p.add(path, `${show(value)} is not valid; use a whole number from ${min} to ${max}`);
        return false;
    }
    return true;
}

export function checkPort(p: ProblemList, path: string, value: unknown): value is number {
    return checkInt(p, path, value, 1, 65535);
}

export function checkBool(p: ProblemList, path: string, value: unknown): void {
    if (value !== undefined && !isDeferred(value) && typeof value !== "boolean") p.add(path, `${show(value)} is not valid; use true or false`);
}

export function checkString(p: ProblemList, path: string, value: unknown): value is string {
    if (value === undefined || isDeferred(value)) return false;
    if (typeof value !== "string" || value.length === 0) {
        p.add(path, `${show(value)} is not valid; use a non-empty string`);
        return false;
    }
    return true;
}

export function checkEnum(p: ProblemList, path: string, value: unknown, allowed: string[]): void {
    if (value !== undefined && !isDeferred(value) && !allowed.includes(value as string)) {
        p.add(path, `${show(value)} is not valid; use one of ${allowed.join(", ")}`);
    }
}

export function checkDnsLabel(p: ProblemList, path: string, value: unknown, maxLength = 63): value is string {
    if (!checkString(p, path, value)) return false;
    if (!DNS_LABEL.test(value) || value.length > maxLength) {
        p.add(path, `${show(value)} is not a valid name; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${maxLength} characters`);
        return false;
    }
    return true;
}

export function checkArray(p: ProblemList, path: string, value: unknown, nonEmpty: boolean): value is unknown[] {
    if (value === undefined || isDeferred(value)) return false;
    if (!Array.isArray(value)) {
        p.add(path, `${show(value)} is not valid; use a list`);
        return false;
    }
    if (nonEmpty && value.length === 0) {
        p.add(path, "is empty; list at least one entry");
        // Stryker disable next-line BooleanLiteral: callers only walk the entries, and an empty list has none.
        return false;
    }
    return true;
}

export function checkLabels(p: ProblemList, path: string, value: unknown): void {
    if (value === undefined || isDeferred(value)) return;
    if (!isObject(value)) {
        p.add(path, "must be a map of label names to values");
        return;
    }
    for (const [key, v] of Object.entries(value)) {
        const [prefix, name] = key.includes("/") ? key.split("/", 2) : [undefined, key];
        // Stryker disable next-line ConditionalExpression: without a prefix, test(undefined) tests "undefined", a valid subdomain.
        if ((prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) || !LABEL_NAME.test(name) || name.length > 63) {
            p.add(`${path}.${key}`, "is not a valid label name; use [prefix/]name with letters, digits, '-', '_', '.'");
        }
        if (!isDeferred(v) && (typeof v !== "string" || !LABEL_VALUE.test(v) || v.length > 63)) {
            p.add(`${path}.${key}`, `${show(v)} is not a valid label value; use at most 63 letters, digits, '-', '_', '.'`);
        }
    }
}

export function checkCidr(p: ProblemList, path: string, value: unknown): ParsedCidr | undefined {
    if (!checkString(p, path, value)) return undefined;
    const parsed = parseCidr(value);
    if (!parsed) p.add(path, `${show(value)} is not an IP address or CIDR; use e.g. "10.0.0.5" or "10.0.0.0/24"`);
    return parsed;
}

export function checkNamespaceList(p: ProblemList, path: string, value: unknown): void {
    if (!checkArray(p, path, value, true)) return;
    const seen = new Set<unknown>();
    value.forEach((ns, i) => {
        if (seen.has(ns)) p.add(`${path}[${i}]`, `${show(ns)} is listed twice; list each namespace once`);
        seen.add(ns);
        checkDnsLabel(p, `${path}[${i}]`, ns);
    });
}

/** A plain list of string Inputs: each entry a non-empty string or an Output, none listed twice. */
export function checkIdList(p: ProblemList, path: string, value: unknown): void {
    if (!checkArray(p, path, value, true)) return;
    const seen = new Set<unknown>();
    value.forEach((id, i) => {
        if (checkString(p, `${path}[${i}]`, id) && seen.has(id)) p.add(`${path}[${i}]`, `${show(id)} is listed twice; list each id once`);
        seen.add(id);
    });
}
