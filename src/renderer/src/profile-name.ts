/** The credentials file's profile-name rule (as the core checks it). */
export const PROFILE_NAME = /^[A-Za-z0-9_.\-@+]{1,64}$/;
