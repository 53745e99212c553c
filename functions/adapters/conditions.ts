/** Condition pieces the store's writes share. */
export const NOT_EXISTS = 'attribute_not_exists(pk)';

/** Values for `#status IN (:queued, :assigned)`: a chat that is still open. */
export const OPEN_VALUES = { ':queued': 'queued', ':assigned': 'assigned' };
