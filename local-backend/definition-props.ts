/**
 * What `@aws-amplify/backend` is, inside the running local backend, for the files of amplify/:
 * each define* records its props and nothing else. At run time the local backend reads only those
 * props (the auth groups, the storage access rules); everything else the real package does —
 * validating the definitions, building the CDK app — happens in the synthesis, which runs with the
 * real package whenever amplify/ changes. Loading the real package (aws-cdk-lib and all) would
 * be most of the start-up time. `props-hook.ts` routes the imports here.
 */
type Props = Record<string, unknown>;
const recorded = (props: Props) => ({ props });

export const defineAuth = recorded;
export const referenceAuth = recorded;
export const defineStorage = recorded;
export const defineData = recorded;
export const defineFunction = recorded;
export const defineBackend = (resources: Props) => ({ resources });
export const secret = (name: string) => ({ secretName: name });
/** The schema builder is only used by data/resource.ts, which the running backend never loads. */
export const a = new Proxy(
  {},
  {
    get: () => {
      throw new Error(
        'amplify/data/resource.ts is read through its synthesized schema, not loaded by the local backend',
      );
    },
  },
);
