/** A form's or a view's error, announced to screen readers as it appears; nothing when there is none. */
export function FormError({ error }: { readonly error: string | undefined }) {
  return error ? (
    <p class="form-error" role="alert">
      {error}
    </p>
  ) : null;
}
