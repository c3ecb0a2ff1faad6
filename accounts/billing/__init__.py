"""Subscriptions and billing on Stripe through dj-stripe: checkout, cancel, webhooks, the billing page.

dj-stripe's models hold Stripe's objects (customers, subscriptions, invoices, checkout sessions,
events); this package decides what they mean for a user's plan. Other apps that sell through
Stripe (the marketplace) register handlers for the events they care about
(:func:`accounts.billing.webhooks.billing_event_handler_register`): accounts imports no other app.
"""
