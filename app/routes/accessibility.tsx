import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Restorative Practice Competency Portal" }];

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement</h1>
        <p className="govuk-body">This statement applies to the Restorative Practice Competency Portal, where restorative justice practitioners build evidence portfolios and assessors, quality assurers and commissioners of training review them.</p>
        <p className="govuk-body">We want as many people as possible to be able to use this service. For example, that means you should be able to:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard</li>
          <li>use the service with JavaScript turned off</li>
          <li>listen to the service using a screen reader</li>
        </ul>
        <p className="govuk-body">The pages are built with the GOV.UK Design System, whose components are tested with assistive technologies.</p>

        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">We test every page in an automated browser against the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA, and we use the service with the keyboard alone.</p>
        <p className="govuk-body">We know some things are not yet fully accessible:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>evidence files that candidates upload, such as scanned documents or audio recordings, may not be accessible: the portal cannot check or change them</li>
          <li>the service has not yet had an audit by an independent accessibility specialist</li>
        </ul>

        <h2 className="govuk-heading-m">Feedback and reporting problems</h2>
        <p className="govuk-body">If you find a problem with the accessibility of this service, or need information in a different format, tell your training provider's admin. They will pass it to the team that runs the portal. We aim to reply within 5 working days.</p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).</p>

        <h2 className="govuk-heading-m">Preparation of this statement</h2>
        <p className="govuk-body">This statement was prepared on 23 November 2026. It is reviewed whenever the service changes significantly.</p>
      </div>
    </div>
  );
}
