/** The set-password link, shown once to the admin who made it. */
export function SetPasswordLinkPanel({ name, email, link, heading }: { name: string; email: string; link: string; heading: string }) {
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation">
        <h1 className="govuk-panel__title">{heading}</h1>
        <div className="govuk-panel__body">
          {name}
          <br />
          {email}
        </div>
      </div>
      <h2 className="govuk-heading-m">Give them this link to set their password</h2>
      <p className="govuk-body">
        <code className="app-secret-link" data-testid="set-password-link">{link}</code>
      </p>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          Copy the link now: it is shown only once. It works once and expires in 72 hours. Send it to them privately, not in a shared channel.
        </strong>
      </div>
    </>
  );
}
