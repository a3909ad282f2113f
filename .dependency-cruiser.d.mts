// Types of .dependency-cruiser.mjs, for the architecture test that imports it.
import type { ICruiseOptions, IForbiddenRuleType } from 'dependency-cruiser';

export declare const forbidden: IForbiddenRuleType[];
declare const config: { forbidden: IForbiddenRuleType[]; options: ICruiseOptions };
export default config;
