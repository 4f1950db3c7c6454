import { describe, expect, it } from 'vitest';
import { checkStaffAccount } from '../src/pages/clinic/accounts';

describe('a new staff account, before it is sent', () => {
  it('names every missing field', () => {
    expect(checkStaffAccount({ email: '', name: ' ', role: 'clinician', password: '' })).toEqual({
      name: 'Enter the name.',
      email: 'Enter an email address, like name@clinic.example.',
      password: 'Enter a first password; they can change it later.',
    });
  });

  it('leaves the password rules to the server', () => {
    expect(checkStaffAccount({ email: 'dr@clinic.example', name: 'Dr A', role: 'admin', password: 'x' })).toEqual({});
    expect(checkStaffAccount({ email: 'dr@clinic', name: 'Dr A', role: 'admin', password: 'x' })).toHaveProperty('email');
  });
});
