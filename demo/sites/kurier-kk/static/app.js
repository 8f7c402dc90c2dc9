/* menu toggle, consent banner: inert in the sample */
