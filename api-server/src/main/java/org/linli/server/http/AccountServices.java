package org.linli.server.http;

import org.linli.core.accounts.PasswordSignIn;
import org.linli.core.accounts.PhoneSignIn;
import org.linli.core.accounts.SignInStore;
import org.linli.core.accounts.Users;
import org.linli.server.auth.Revocations;

/** What the account routes run on: the two ways in, account management, accounts, sign-outs. */
public record AccountServices(
    PhoneSignIn phone,
    PasswordSignIn password,
    Users users,
    SignInStore accounts,
    Revocations revocations) {}
