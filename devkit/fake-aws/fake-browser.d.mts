export interface BrowseResult {
  /** Status of the last response (the app's callback page after a PKCE approval). */
  status: number;
  /** URL of the last response. */
  url: string;
  body: string;
  /** Whether an Approve/Deny form was submitted. */
  submitted: boolean;
}

/** Visits `url` like a person: clicks Approve or Deny ('none' = just look) and follows redirects. */
export function browse(url: string, decision?: 'approve' | 'deny' | 'none'): Promise<BrowseResult>;

/** Follows redirects from `url` while they stay on loopback hosts; returns every URL reached. */
export function followLocal(url: string): Promise<string[]>;
