export declare const violations: string[];
