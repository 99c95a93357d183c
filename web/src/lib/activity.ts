/** The kinds of activity a rep logs or plans (`ActivityDto.kind`). */
export type ActivityKind = 'visit' | 'call' | 'note' | 'task';
