import { UpstreamTriageError } from '../UpstreamTriageError.ts';

/** Base class of the report's errors; constructors keep `cause` and never log. */
export class ReportError extends UpstreamTriageError {
  override name = 'ReportError';
}

/** The time zone given for the report's axis is not an IANA zone this runtime knows. */
export class ReportTimeZoneError extends ReportError {
  override name = 'ReportTimeZoneError';
}
