// File attachments: uploads with progress (XMLHttpRequest, for its upload events), the URLs of a
// file, its thumbnail and preview, and the files of a post. Authentication is Client4's: the same
// headers (token, CSRF, X-Requested-With) and the session cookie.

import type {FileInfo, FileUploadResponse} from '@mattermost/types/files';

import {ApiError, authenticated, sharedClient} from './client';

export type {FileInfo};

export interface UploadHandle {
    promise: Promise<FileInfo>;
    cancel: () => void;
}

/** Uploads one file into a channel; `onProgress` gets the fraction sent (0–1). */
export function uploadFile(channelId: string, file: File, clientId: string, onProgress: (fraction: number) => void): UploadHandle {
    const client = sharedClient();
    const xhr = new XMLHttpRequest();
    const promise = authenticated(
        () =>
            new Promise<FileInfo>((resolve, reject) => {
                const form = new FormData();
                form.append('channel_id', channelId);
                form.append('client_ids', clientId);
                form.append('files', file, file.name);
                xhr.open('POST', client.getFilesRoute());
                xhr.withCredentials = true;
                const headers = client.getOptions({method: 'post'}).headers as Record<string, string>;
                for (const [name, value] of Object.entries(headers)) {
                    if (name.toLowerCase() !== 'content-type' && name.toLowerCase() !== 'accept') {
                        xhr.setRequestHeader(name, value);
                    }
                }
                xhr.upload.onprogress = (e) => {
                    if (e.lengthComputable && e.total > 0) {
                        onProgress(Math.min(1, e.loaded / e.total));
                    }
                };
                xhr.onload = () => {
                    let body: (FileUploadResponse & {id?: string; message?: string}) | null = null;
                    try {
                        body = JSON.parse(xhr.responseText) as FileUploadResponse & {id?: string; message?: string};
                    } catch {
                        body = null;
                    }
                    const info = body?.file_infos?.[0];
                    if (xhr.status >= 200 && xhr.status < 300 && info) {
                        onProgress(1);
                        resolve(info);
                    } else {
                        reject(new ApiError(xhr.status, body?.id ?? '', body?.message ?? xhr.statusText));
                    }
                };
                xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
                xhr.onabort = () => reject(new ApiError(0, 'aborted', 'upload cancelled'));
                xhr.send(form);
            }),
    );
    return {promise, cancel: () => xhr.abort()};
}

export const fileUrl = (id: string) => `${sharedClient().getFilesRoute()}/${id}`;
export const downloadUrl = (id: string) => `${fileUrl(id)}?download=1`;
export const thumbnailUrl = (id: string) => `${fileUrl(id)}/thumbnail`;
export const previewUrl = (id: string) => `${fileUrl(id)}/preview`;

export const getFileInfosForPost = (postId: string): Promise<FileInfo[]> => authenticated(() => sharedClient().getFileInfosForPost(postId));
