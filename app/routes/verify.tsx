/**
 * Public: check a portfolio document. A code (from the foot of any page) shows only what the
 * document records – the award or check, the outcome, the issuing provider and the date, never the
 * candidate – and an uploaded copy is hashed as it arrives (never kept) and compared with the hash
 * stored when the document was issued.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, CsrfInput, ErrorSummary, FileUpload, TextInput, firstError } from "~/components/forms";
import { formatDate, SummaryList } from "~/components/page";
import { checkCode, checkCopy, lookupDocument, MAX_COPY_BYTES, readVerifyUpload, VERIFY_MESSAGES, type IssuedDocumentView } from "~/lib/pdf.server";

export const meta: MetaFunction = () => [{ title: "Check a portfolio document – Restorative Practice Competency Portal" }];

type Result = {
  code: string;
  /** The largest copy accepted, in MB (server-side configuration, so it travels with the data). */
  limitMb?: number;
  errors?: Record<string, string[]>;
  /** Undefined before a code is checked; null when no document has the code. */
  document?: IssuedDocumentView | null;
  /** Whether an uploaded copy matched, once one was checked. */
  matches?: boolean;
};

const LIMIT_MB = MAX_COPY_BYTES / (1024 * 1024);

export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null) return json<Result>({ limitMb: LIMIT_MB, code: "" });
  const checked = checkCode(raw);
  if (!checked.ok) return json<Result>({ limitMb: LIMIT_MB, code: raw, errors: { code: [checked.message] } }, { status: 400 });
  const document = lookupDocument(checked.code);
  return json<Result>({ limitMb: LIMIT_MB, code: checked.code, document }, { status: document ? 200 : 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  const upload = await readVerifyUpload(request);
  // The form's action URL carries the code too, for when the body is refused before it is read.
  const raw = upload.form?.get("code") ?? new URL(request.url).searchParams.get("code");
  const checked = checkCode(raw);
  if (!checked.ok) return json<Result>({ limitMb: LIMIT_MB, code: typeof raw === "string" ? raw : "", errors: { code: [checked.message] } }, { status: 400 });
  const document = lookupDocument(checked.code);
  if (!document) return json<Result>({ limitMb: LIMIT_MB, code: checked.code, document: null }, { status: 404 });
  if (!upload.ok) return json<Result>({ limitMb: LIMIT_MB, code: checked.code, document, errors: { file: [upload.message] } }, { status: 400 });
  if (!upload.copy) return json<Result>({ limitMb: LIMIT_MB, code: checked.code, document, errors: { file: [VERIFY_MESSAGES.fileMissing] } }, { status: 400 });
  const result = checkCopy(checked.code, upload.copy);
  return json<Result>({ limitMb: LIMIT_MB, code: checked.code, document: result.document, matches: result.matches });
}

function Outcome({ document: d }: { document: IssuedDocumentView }) {
  return (
    <SummaryList
      rows={[
        { key: "Document", value: d.title },
        { key: "Outcome", value: d.draft ? `${d.outcome} (issued as a draft)` : d.outcome },
        { key: "Issued by", value: d.providerName },
        { key: "Issued on", value: formatDate(d.issuedAt) },
        { key: "Verification code", value: <span className="app-verify-code">{d.code}</span> },
      ]}
    />
  );
}

export default function Verify() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const r = (acted ?? loaded) as Result;
  const errors = r.errors;
  const d = r.document;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["code", "file"]} />
        <h1 className="govuk-heading-l">Check a portfolio document</h1>
        <p className="govuk-body">
          Every page of a portfolio or competency check issued by this portal carries a verification code at its foot, like RJP-7KQD-M2XW-HB9F. Enter it to see what the document records. You can then check that your copy is exactly the document that was issued.
        </p>

        {d === undefined || d === null || errors?.code ? (
          <Form method="get" noValidate>
            <TextInput name="code" label="Verification code" hint="For example, RJP-7KQD-M2XW-HB9F" width="20" spellCheck={false} autoComplete="off" defaultValue={r.code} error={firstError(errors, "code")} />
            <Button>Check the code</Button>
          </Form>
        ) : null}

        {d === null ? (
          <div className="govuk-inset-text app-verify-unknown" role="status">
            <h2 className="govuk-heading-m">No document has this code</h2>
            <p className="govuk-body">
              No portfolio document was issued by this portal with the code <span className="app-verify-code">{r.code}</span>. Check the code against the foot of a page of the document. If it is right, the document did not come from this portal: ask the provider named on it.
            </p>
          </div>
        ) : null}

        {d ? (
          <>
            <h2 className="govuk-heading-m">What the document records</h2>
            <Outcome document={d} />
            {d.draft ? <div className="govuk-inset-text">This document was issued as a draft: it is not a record of achievement or competence.</div> : null}

            {r.matches === true ? (
              <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="copy-result">
                <div className="govuk-notification-banner__header">
                  <h2 className="govuk-notification-banner__title" id="copy-result">
                    The copy matches
                  </h2>
                </div>
                <div className="govuk-notification-banner__content">
                  <p className="govuk-notification-banner__heading">This copy matches the document issued on {formatDate(d.issuedAt)}.</p>
                  <p className="govuk-body">It is exactly the document the portal issued with this code: not one byte has changed.</p>
                </div>
              </div>
            ) : null}
            {r.matches === false ? (
              <div className="govuk-notification-banner app-verify-mismatch" role="alert" aria-labelledby="copy-result">
                <div className="govuk-notification-banner__header">
                  <h2 className="govuk-notification-banner__title" id="copy-result">
                    The copy does not match
                  </h2>
                </div>
                <div className="govuk-notification-banner__content">
                  <p className="govuk-notification-banner__heading">This copy does NOT match: it has been changed since it was issued.</p>
                  <p className="govuk-body">
                    {d.complete
                      ? "It is not the document the portal issued with this code, or it has been altered since. Do not rely on what it says: ask the provider for the document."
                      : "The document with this code was never completed (its download was interrupted when it was issued), so no copy of it can match. Ask the provider to issue it again."}
                  </p>
                </div>
              </div>
            ) : null}

            {d.complete ? (
              <Form method="post" action={`/verify?code=${encodeURIComponent(d.code)}`} encType="multipart/form-data" noValidate>
                <CsrfInput />
                <input type="hidden" name="code" value={d.code} />
                <h2 className="govuk-heading-m">{r.matches === undefined ? "Check your copy" : "Check another copy"}</h2>
                <FileUpload
                  name="file"
                  label="Upload your copy of the document"
                  hint={`Choose the PDF file you were given. It is checked here and not kept. The file must be smaller than ${r.limitMb ?? 20} MB.`}
                  accept=".pdf,application/pdf"
                  error={firstError(errors, "file")}
                />
                <Button>Check the copy</Button>
              </Form>
            ) : r.matches === undefined ? (
              <div className="govuk-inset-text">This document was not completed when it was issued (its download was interrupted), so there is no copy to check. Ask the provider to issue it again.</div>
            ) : null}
            <p className="govuk-body">
              <Link className="govuk-link" to="/verify">
                Check a different code
              </Link>
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}
