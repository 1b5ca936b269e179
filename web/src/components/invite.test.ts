import {describe, expect, it} from 'vitest';

import {emailList, inviteLink} from './Modals';

describe('invitations', () => {
    it('reads the addresses typed or pasted, once each', () => {
        expect(emailList(' a@x.org, b@y.org;c@z.org\nd@w.org  a@x.org ,, ')).toEqual(['a@x.org', 'b@y.org', 'c@z.org', 'd@w.org']);
        expect(emailList(' , ; ')).toEqual([]);
    });

    it("makes the team's link in Mattermost's form, from the site URL", () => {
        expect(inviteLink('https://chat.example.com/', 'abc123')).toBe('https://chat.example.com/signup_user_complete/?id=abc123');
        expect(inviteLink('', 'abc123')).toBe(`${window.location.origin}/signup_user_complete/?id=abc123`);
    });
});
