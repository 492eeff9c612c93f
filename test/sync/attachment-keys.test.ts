import { describe, expect, it } from 'vitest';
import { attachmentIdentity } from '../../src/resources/attachment.js';
import { emptyState, upgradeAttachmentKeys } from '../../src/sync/state-file.js';

/** Attachment keys as older versions wrote them (`store:md5`) become `store:<identity>` when the state is loaded. */
describe('upgradeAttachmentKeys', () => {
  const md5 = '659b215e17552c3b4b4c0ae1d350bb01';

  it('keys an older entry by the identity of its MD5 and recorded file name, keeping the upload', () => {
    const state = emptyState('e2e', 'HelpCenter');
    state.attachments[`help:${md5}`] = { id: 'u1', fileName: 'form-5.pdf', size: 1400, uploaded: true };
    state.attachments[`notice:${md5}`] = { id: 'u2', fileName: 'form.pdf', size: 1400 };
    upgradeAttachmentKeys(state);
    expect(state.attachments).toEqual({
      [`help:${attachmentIdentity(md5, 'form-5.pdf')}`]: {
        id: 'u1',
        fileName: 'form-5.pdf',
        md5,
        size: 1400,
        uploaded: true,
      },
      [`notice:${attachmentIdentity(md5, 'form.pdf')}`]: { id: 'u2', fileName: 'form.pdf', md5, size: 1400 },
    });
  });

  it('leaves entries of this version alone, and an older entry never replaces one', () => {
    const state = emptyState('e2e', 'HelpCenter');
    const current = `help:${attachmentIdentity(md5, 'form.pdf')}`;
    state.attachments[current] = { id: 'new', fileName: 'form.pdf', md5, size: 1400 };
    state.attachments[`help:${md5}`] = { id: 'old', fileName: 'form.pdf', size: 1400 };
    upgradeAttachmentKeys(state);
    expect(state.attachments).toEqual({ [current]: { id: 'new', fileName: 'form.pdf', md5, size: 1400 } });
  });
});
