import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Privacy notice – Restorative Practice Competency Portal" }];

export default function Privacy() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">This notice explains what personal data the Restorative Practice Competency Portal holds, why, for how long, and your rights.</p>

        <h2 className="govuk-heading-m">Who is responsible for your data</h2>
        <p className="govuk-body">The training provider you are registered with is the data controller for your account, your portfolio and the decisions made about it. The organisation that runs the portal processes that data on the provider's behalf and for no other purpose.</p>

        <h2 className="govuk-heading-m">What we hold</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>your name, email address, role and provider</li>
          <li>if you are a candidate: the evidence you add, how you map it to the standards, your declarations, and assessors' and quality assurers' decisions and feedback</li>
          <li>if you are an assessor or quality assurer: the decisions you record</li>
          <li>a record of sign-ins and of every change made in the portal (the audit trail), and failed sign-in attempts for up to 15 minutes</li>
        </ul>

        <h2 className="govuk-heading-m">Case material must be anonymised</h2>
        <p className="govuk-body">Restorative justice work involves victims and offenders. Evidence must not identify them: remove names, addresses, dates of birth and anything else that could identify a participant before you add it. Every evidence file is treated as sensitive: it is never public, and only you, your assessor, your internal quality assurer and your provider admin can open it.</p>

        <h2 className="govuk-heading-m">Why we hold it</h2>
        <p className="govuk-body">To assess and certify competence against the national standards for restorative practice, to quality-assure those assessments, and to let commissioners of training check how well training covers the standards. Commissioners only ever see totals, never names, evidence or feedback, and figures drawn from fewer than 5 candidates are not shown.</p>

        <h2 className="govuk-heading-m">How long we keep it</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>evidence files: 12 weeks after certification, unless your provider's policy says otherwise</li>
          <li>assessment and quality assurance records: at least 3 years, as awarding bodies require</li>
          <li>sessions: until you sign out, 30 minutes without activity, or 12 hours after signing in</li>
        </ul>

        <h2 className="govuk-heading-m">Cookies</h2>
        <p className="govuk-body">The portal uses two cookies, both essential: one keeps you signed in, and one protects forms from being sent by other websites. There are no analytics or advertising cookies.</p>

        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">You can ask for a copy of your data, ask for it to be corrected, and, once the retention periods allow, ask for it to be erased. Ask your training provider's admin. You can complain to the Information Commissioner's Office if you are unhappy with how your data is handled.</p>
      </div>
    </div>
  );
}
