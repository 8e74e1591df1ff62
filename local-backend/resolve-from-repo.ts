/**
 * Loaded with `--import` by child processes that run a project's own code (the synthesis, the
 * seed): the packages a project lacks come from this repository's node_modules (props-hook.ts).
 */
import { resolveProjectPackagesFromRepo } from './props-hook.ts';

resolveProjectPackagesFromRepo();
